/**
 * `scalewise fit FILE...`: "will it fit?" for each workload or service of the files: replicas (and
 * an HPA's maxReplicas) × the pod's requests against the cluster's nodes, from a reader of a
 * real cluster when one is plugged in (`readCapacity`, the Kubernetes actions' node reader) or
 * from the nodes `.scalewise.yaml` declares (`cluster.node`, `cluster.nodePools`). Read-only.
 * k3s config files given beside the manifests add their max-pods and node mask.
 *   0  it ran (whatever the answers)
 *   2  usage, I/O or config error
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  answerFor,
  assembleConfig,
  declaredCapacity,
  fitSubjects,
  lint,
  LineIndex,
  parseConfig,
  workspacePodNetwork,
  type ClusterCapacity,
  type FitReport,
  type ScalewiseConfig,
} from './engine';
import { MAX_LINT_BYTES } from './engine/parse';
import type { ActionFailure } from './actions/types';
import { collectWorkspaceFacts, ConfigFinder } from './files';
import { terminalSafe } from './formatters/text';
import { MAX_SMALL_FILE_BYTES, readSmallText, readTextFile } from './read-file';
import { yaml } from './engine/template-text';

/** Reads a live cluster's capacity (nodes' allocatable minus running pods' requests); undefined context: the current one. */
export type CapacityReader = (context?: string) => Promise<ClusterCapacity | ActionFailure>;

export const FIT_USAGE = yaml`
  Usage: scalewise fit FILE... [options]

  Says whether each workload or service of FILE fits the cluster: replicas (and an HPA's
  maxReplicas) × the pod's requests placed on the nodes as the scheduler counts them, against the
  nodes .scalewise.yaml declares (cluster.node, cluster.nodePools) or a cluster context. k3s config
  files given too add their max-pods and node CIDR mask. Read-only; exits 0 when it ran, 2 for a
  usage, I/O or config error.

  Options:
    --context C            Read the capacity of this kubeconfig context
    --config FILE          Use this .scalewise.yaml instead of the nearest one
    --format text|json     Output format (default: text)
    -h, --help             This help
`;

class FitUsageError extends Error {}

export interface FitIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

interface FitLine {
  file: string;
  line: number;
  workload: string;
  count: string;
  answer: FitReport;
}

function printProblems(
  io: FitIO,
  shown: string,
  text: string,
  problems: { range: { start: number }; message: string }[],
) {
  const idx = new LineIndex(text);
  for (const p of problems) {
    const pos = idx.position(p.range.start);
    io.stderr(
      `${terminalSafe(shown)}:${pos.line + 1}:${pos.character + 1}: invalid config: ${terminalSafe(p.message)}\n`,
    );
  }
}

/** The config the first file's nearest `.scalewise.yaml` (or `--config`) gives; undefined after reporting its problems. */
function loadConfig(io: FitIO, file: string, explicit: string | undefined): ScalewiseConfig | undefined {
  if (explicit !== undefined) {
    const read = readTextFile(path.resolve(io.cwd, explicit), MAX_SMALL_FILE_BYTES);
    if (!read.ok) {
      io.stderr(`scalewise: cannot read --config ${explicit}: ${read.reason}\n`);
      return undefined;
    }
    const loaded = parseConfig(read.text);
    if (loaded.problems.length > 0) {
      printProblems(io, explicit, read.text, loaded.problems);
      return undefined;
    }
    return assembleConfig({ flags: loaded.config }).config;
  }
  const nearest = new ConfigFinder().find(file);
  if (nearest && nearest.loaded.problems.length > 0) {
    printProblems(io, path.relative(io.cwd, nearest.path), readSmallText(nearest.path) ?? '', nearest.loaded.problems);
    return undefined;
  }
  return assembleConfig({ file: nearest?.loaded.config ?? {} }).config;
}

/** Where the capacity comes from: a named context through the reader, else declared nodes, else the current context. */
async function capacityFor(
  config: ScalewiseConfig,
  context: string | undefined,
  readCapacity: CapacityReader | undefined,
  io: FitIO,
): Promise<ClusterCapacity | ActionFailure | undefined> {
  const declared = declaredCapacity(config.cluster);
  if (context !== undefined) {
    if (readCapacity) return readCapacity(context);
    if (declared) {
      io.stderr(`scalewise: fit: context ${terminalSafe(context)} cannot be read here; using the declared nodes\n`);
      return declared;
    }
    return undefined;
  }
  if (declared) return declared;
  return readCapacity ? readCapacity() : undefined;
}

function unknownFrom(f: ActionFailure): FitReport {
  return { verdict: 'unknown', text: `unknown: ${f.message}`, wanted: 0, placed: 0, notes: f.details ?? [] };
}

export async function fitCommand(args: string[], io: FitIO, readCapacity?: CapacityReader): Promise<number> {
  try {
    return await fit(args, io, readCapacity);
  } catch (err) {
    if (err instanceof FitUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`scalewise fit: ${(err as Error).message}\n\n${FIT_USAGE}`);
      return 2;
    }
    io.stderr(`scalewise fit: ${(err as Error).message}\n`);
    return 2;
  }
}

async function fit(args: string[], io: FitIO, readCapacity: CapacityReader | undefined): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      context: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(FIT_USAGE);
    return 0;
  }
  const format = values.format!;
  if (format !== 'text' && format !== 'json') throw new FitUsageError(`--format must be text or json, not "${format}"`);
  if (positionals.length === 0) throw new FitUsageError('fit needs a FILE');
  if (values.context !== undefined && values.context.trim() === '') throw new FitUsageError('--context needs a name');

  const files = positionals.map((p) => path.resolve(io.cwd, p));
  const texts = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    const read = readTextFile(file, MAX_LINT_BYTES);
    if (!read.ok) {
      io.stderr(`scalewise: ${terminalSafe(positionals[i]!)}: ${read.reason}\n`);
      return 2;
    }
    texts.set(file, read.text);
  }
  const config = loadConfig(io, files[0]!, values.config);
  if (!config) return 2;

  const workspace = collectWorkspaceFacts(files, []);
  const parsed = files.map((file) => ({ file, result: lint(texts.get(file)!, { uri: file, config, workspace }) }));
  // A k3s config given beside the manifests counts wherever it lives (detection may know it by its content).
  const k3s = (workspace.k3sConfigFiles ??= []);
  for (const { file, result } of parsed)
    if (result.kind === 'k3s-config' && !k3s.some((k) => k.path === file))
      k3s.push({ path: file, text: texts.get(file)! });
  const net = workspacePodNetwork(workspace);

  const capacity = await capacityFor(config, values.context, readCapacity, io);
  const lines: FitLine[] = [];
  const empty: string[] = [];
  for (const { file, result } of parsed) {
    const rel = path.relative(io.cwd, file) || path.basename(file);
    if (result.kind === 'k3s-config' || result.kind === 'k3s-install') continue;
    const subjects = fitSubjects(result.file, result.kind, workspace);
    if (subjects.length === 0) empty.push(`${rel}: no workloads or services to fit (kind ${result.kind})`);
    const index = new LineIndex(result.file.text);
    for (const s of subjects) {
      const answer =
        capacity && 'ok' in capacity
          ? unknownFrom(capacity)
          : answerFor(s, capacity as ClusterCapacity | undefined, net);
      lines.push({
        file: rel,
        line: index.position((s.lensRange ?? s.range).start).line + 1,
        workload: s.label,
        count: s.count,
        answer,
      });
    }
  }

  if (format === 'json') {
    const out = lines.map((l) => ({ file: l.file, line: l.line, workload: l.workload, count: l.count, ...l.answer }));
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    const text: string[] = [];
    for (const l of lines) {
      text.push(terminalSafe(`${l.file}:${l.line}: ${l.workload}, ${l.count}: ${l.answer.text}`));
      if (l.answer.source) text.push(terminalSafe(`  against ${l.answer.source}`));
      for (const n of l.answer.notes) text.push(terminalSafe(`  ${n}`));
    }
    for (const e of empty) text.push(terminalSafe(e));
    io.stdout(text.length > 0 ? `${text.join('\n')}\n` : '');
  }
  return 0;
}
