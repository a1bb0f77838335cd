/**
 * Facts about the value under the cursor: a memory or CPU value in bytes or cores, and how
 * Compose and Kubernetes would each read it (they disagree on `400m` and `1GB`).
 */
import { type Document, type Node } from 'yaml';
import { codeSpan, escapeMarkdown } from './markdown';
import { parseComposeBytes, parseComposeCpus } from './quantity/compose-units';
import { humanBytes, humanCores, parseK8sQuantity } from './quantity/k8s-quantity';
import type { KindOrNone, ParsedFile, Range } from './types';
import { deref, isMap, isScalar, isSeq, keyText, nodeRange, ownPairs } from './yaml-ast';

const MEMORY_KEYS = new Set(['memory', 'mem_limit', 'mem_reservation', 'memswap_limit', 'shm_size']);
const CPU_KEYS = new Set(['cpu', 'cpus']);

/** The scalar at `offset` and the key it is the value of. */
export function scalarAt(file: ParsedFile, offset: number): { key: string; node: Node; doc: Document } | null {
  for (const d of file.documents) {
    if (offset < d.range.start || offset > d.range.end) continue;
    let current: unknown = d.root;
    for (let depth = 0; depth < 128 && current; depth++) {
      const n = deref(current, d.doc);
      let next: unknown = null;
      if (isMap(n)) {
        for (const p of ownPairs(n)) {
          const v = p.value as Node | null;
          const r = nodeRange(v);
          if (v && offset >= r.start && offset <= r.end) {
            if (isScalar(v)) return keyText(p) !== null ? { key: keyText(p)!, node: v, doc: d.doc } : null;
            next = v;
            break;
          }
        }
      } else if (isSeq(n)) {
        next = n.items.find((it) => {
          const r = nodeRange(it as Node);
          return offset >= r.start && offset <= r.end;
        });
      }
      current = next;
    }
  }
  return null;
}

export function valueFacts(
  file: ParsedFile,
  kind: KindOrNone,
  offset: number,
): { range: Range; markdown: string } | null {
  const hit = scalarAt(file, offset);
  if (!hit || !isScalar(hit.node)) return null;
  const raw = hit.node.value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const composeSide = kind === 'compose' || kind === 'swarm';
  const lines: string[] = [];
  if (MEMORY_KEYS.has(hit.key)) {
    const c = parseComposeBytes(raw);
    const k = parseK8sQuantity(raw);
    const composeText = c.ok ? bytesText(c.bytes) : `invalid (${escapeMarkdown(c.error)})`;
    const k8sText = k.ok ? bytesText(k.value) : `invalid (${escapeMarkdown(k.error)})`;
    lines.push(
      `**${hit.key}**: ${codeSpan(String(raw))}`,
      '',
      composeSide ? `- Compose reads it as ${composeText}` : `- Kubernetes reads it as ${k8sText}`,
    );
    lines.push(composeSide ? `- Kubernetes would read it as ${k8sText}` : `- Compose would read it as ${composeText}`);
  } else if (CPU_KEYS.has(hit.key)) {
    const c = parseComposeCpus(raw);
    const k = parseK8sQuantity(raw);
    const composeText = c.ok ? humanCores(c.cores) : `invalid (${escapeMarkdown(c.error)})`;
    const k8sText = k.ok ? humanCores(k.value) : `invalid (${escapeMarkdown(k.error)})`;
    lines.push(
      `**${hit.key}**: ${codeSpan(String(raw))}`,
      '',
      composeSide ? `- Compose reads it as ${composeText}` : `- Kubernetes reads it as ${k8sText}`,
    );
    lines.push(composeSide ? `- Kubernetes would read it as ${k8sText}` : `- Compose would read it as ${composeText}`);
  } else return null;
  return { range: nodeRange(hit.node), markdown: lines.join('\n') };
}

/** `381.47 MiB (400,000,000 bytes)`; a count that is already exact once (`3 bytes`) is said once. */
function bytesText(bytes: number): string {
  const human = humanBytes(bytes);
  const exact = `${(+bytes.toPrecision(12)).toLocaleString('en-US')} bytes`;
  return human === exact || human === `${bytes} bytes` ? human : `${human} (${exact})`;
}
