/**
 * Code lenses on Helm values workload blocks: replicas × requests, and with autoscaling the HPA's
 * maximum × requests as the peak the cluster must hold, e.g.
 * `2–10 replicas × (250m, 512Mi) = peak 2.5 cores, 5 GiB`.
 */
import { blockRange, helmWorkloads, requested, type HelmWorkload, type Requested } from '../model/helm-workloads';
import { escapeMarkdown } from '../markdown';
import { humanBytes, humanCores } from '../quantity/k8s-quantity';
import type { ParsedFile, SizingHint } from '../types';
import { prose } from '../template-text';
import { nodeRange } from '../yaml-ast';

function perReplica(cpu: Requested, memory: Requested): string {
  const c = cpu.raw ?? 'no CPU request';
  const m = memory.raw ?? 'no memory request';
  return `(${c}, ${m})`;
}

function total(cpu: Requested, memory: Requested, n: number): string {
  return [
    cpu.value !== undefined ? humanCores(cpu.value * n) : undefined,
    memory.value !== undefined ? humanBytes(memory.value * n) : undefined,
  ]
    .filter((x) => x !== undefined)
    .join(', ');
}

function plural(n: number | string, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The lens title and hover detail of one block, or undefined when there is nothing to multiply. */
export function helmWorkloadLens(w: HelmWorkload): { title: string; detail: string } | undefined {
  const cpu = requested(w, 'cpu');
  const memory = requested(w, 'memory');
  const hasRequests = cpu.value !== undefined || memory.value !== undefined;
  const each = perReplica(cpu, memory);
  // The lens title is plain text; the hover detail is Markdown, so the file's keys and values are escaped there.
  const eachMd = escapeMarkdown(each);
  const name = w.path.length > 0 ? `**${escapeMarkdown(w.path.join('.'))}**` : 'This chart';
  const detail: string[] = [];
  if (cpu.fromLimit || memory.fromLimit) {
    detail.push(prose`
      - no request for
      ${[cpu.fromLimit ? 'CPU' : '', memory.fromLimit ? 'memory' : ''].filter(Boolean).join(' or ')}:
      Kubernetes copies the limit into the request, so the limit is counted
    `);
  }
  if (!hasRequests)
    detail.push("- no requests here: the scheduler counts the Pods as 0, unless the chart's defaults set them");
  let title: string;
  if (w.enabled) {
    // helm create's defaults (minReplicas 1, maxReplicas 100) apply where the file says nothing.
    const min = w.minReplicas ?? 1;
    const range = `${min}–${w.maxReplicas ?? '?'} replicas`;
    if (!hasRequests) title = `${range} × (no requests)`;
    else if (w.maxReplicas === undefined)
      title = `${range} × ${each} = ${total(cpu, memory, min)} at the minimum; maxReplicas not set here`;
    else title = `${range} × ${each} = peak ${total(cpu, memory, w.maxReplicas)}`;
    detail.unshift(
      prose`
        ${name}: autoscaling from
        ${plural(min, 'replica')}${w.minReplicas === undefined ? ' (minReplicas not set here; HPA default 1)' : ''}
        to
        ${w.maxReplicas !== undefined ? plural(w.maxReplicas, 'replica') : "the chart's maxReplicas (not set here)"}
      `,
      hasRequests
        ? prose`
        - requests per replica: ${eachMd}; at the minimum
        ${total(cpu, memory, min)}${w.maxReplicas !== undefined ? `, at the peak ${total(cpu, memory, w.maxReplicas)}` : ''}
      `
        : '',
    );
  } else {
    if (w.replicaCount === undefined && !hasRequests) return undefined;
    const n = w.replicaCount ?? 1;
    const count = w.replicaCount === undefined ? '1 replica (replicaCount not set here)' : plural(n, 'replica');
    title = hasRequests ? `${count} × ${each} = ${total(cpu, memory, n)}` : `${count} × (no requests)`;
    detail.unshift(
      `${name}: ${count}${w.autoscaling ? '; autoscaling is off' : ''}`,
      hasRequests ? `- requests per replica: ${eachMd}; total ${total(cpu, memory, n)}` : '',
    );
  }
  return { title, detail: detail.filter(Boolean).join('\n') };
}

export function helmHints(file: ParsedFile, out: SizingHint[]): void {
  for (const w of helmWorkloads(file)) {
    const lens = helmWorkloadLens(w);
    if (!lens) continue;
    // `replicaCount: 1` and no requests: nothing to multiply, no lens (the hover keeps it).
    const plain = !w.enabled && (w.replicaCount ?? 1) <= 1 && lens.title.endsWith('(no requests)');
    const also = w.replicaCountPair ? [nodeRange(w.replicaCountPair)] : [];
    out.push({
      range: blockRange(w),
      title: lens.title,
      detail: lens.detail,
      lens: true,
      ...(plain ? { plain } : {}),
      ...(also.length > 0 ? { also } : {}),
    });
  }
}
