/**
 * The `scalewise` command: args -> engine -> formatter -> exit code.
 *   0  no finding at error level (and warnings within --max-warnings)
 *   1  a finding at error level, or more warnings than --max-warnings
 *   2  usage or I/O error
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { applyFixes, lint, LineIndex, mergeConfig, parseConfig, renderRuleDoc, RULES, RULES_BY_ID, ruleFileName, type ScalewiseConfig } from './engine';
import { addComposeFacts, addK3sConfigFacts, addKubernetesFacts, ConfigFinder, discover, workspaceFacts } from './files';
import { countedClusterFacts, countNodes, describeCount, type NodeCountResult } from './cluster/node-count';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import type { FileReport } from './formatters/types';

declare const SCALEWISE_VERSION: string;
const VERSION = typeof SCALEWISE_VERSION === 'string' ? SCALEWISE_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  scalewise lint [paths or globs...]   Lint files and folders (default: .)
      --format text|json|sarif         Output format (default: text)
      --fix                            Apply safe fixes in place, then report what is left
      --config FILE                    Use this .scalewise.yaml instead of the nearest one
      --rule ID                        Run only this rule (repeatable)
      --max-warnings N                 Exit 1 when there are more than N warnings
      --hints                          Also print sizing hints (text format)
      --count-nodes                    Count the nodes of the current kubeconfig context (read-only
                                       list) for the Run:ai sizing rules; cluster.nodes in
                                       .scalewise.yaml wins when set
      --no-color                       Plain text output
  scalewise demo [paths...]            Lint with sizing hints (default: examples)
  scalewise rules                      List the rules
  scalewise docs DIR [--check]         Write (or check) one Markdown page per rule
  scalewise lsp --stdio                Run the language server for any LSP editor
  scalewise --version
`;

class UsageError extends Error {}

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /** The node count for `--count-nodes`, done before the synchronous lint (see main). */
  nodeCount?: NodeCountResult;
}

export function runCli(argv: string[], io: CliIO): number {
  try {
    return dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`scalewise: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`scalewise: ${(err as Error).message}\n`);
    return 2;
  }
}

function dispatch(argv: string[], io: CliIO): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint':
      return lintCommand(rest, io, false);
    case 'demo':
      return lintCommand(rest.length > 0 ? [...rest, '--hints'] : ['examples', '--hints'], io, true);
    case 'rules':
      for (const r of RULES) io.stdout(`${r.meta.id.padEnd(42)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.kinds.join(',')}\n`);
      return 0;
    case 'docs':
      return docsCommand(rest, io);
    case '--version':
    case '-v':
      io.stdout(`${VERSION}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function lintCommand(args: string[], io: CliIO, demo: boolean): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      fix: { type: 'boolean', default: false },
      config: { type: 'string' },
      rule: { type: 'string', multiple: true },
      'max-warnings': { type: 'string' },
      hints: { type: 'boolean', default: false },
      'count-nodes': { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
    },
  });
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const maxWarnings = values['max-warnings'] === undefined ? Infinity : Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity) throw new UsageError('--max-warnings takes a whole number');
  for (const id of values.rule ?? []) if (!RULES_BY_ID.has(id)) throw new UsageError(`unknown rule "${id}" (see scalewise rules)`);

  const found = discover(positionals.length > 0 ? positionals : ['.'], io.cwd);
  for (const n of found.notes ?? []) io.stderr(`${path.relative(io.cwd, n.file)}${n.line ? `:${n.line}` : ''}: ${n.message}\n`);
  if (found.missing.length > 0) {
    io.stderr(`scalewise: no such file or folder: ${found.missing.join(', ')}\n`);
    return 2;
  }
  let explicitConfig: Partial<ScalewiseConfig> | undefined;
  if (values.config) {
    const text = readFile(path.resolve(io.cwd, values.config));
    const loaded = parseConfig(text);
    if (loaded.problems.length > 0) {
      const idx = new LineIndex(text);
      for (const p of loaded.problems) {
        const pos = idx.position(p.range.start);
        io.stderr(`${values.config}:${pos.line + 1}:${pos.character + 1}: ${p.message}\n`);
      }
      return 2;
    }
    explicitConfig = loaded.config;
  }
  const workspace = addKubernetesFacts(addK3sConfigFacts(addComposeFacts(workspaceFacts(found.commandSources), found.files, found.commandSources), found.files), found.files);
  const configs = new ConfigFinder();
  const reports: FileReport[] = [];
  const reported = new Set<string>();
  let configErrors = 0;
  for (const file of found.files) {
    const rel = path.relative(io.cwd, file) || path.basename(file);
    let text = readFile(file);
    const nearest = explicitConfig ? null : configs.find(file);
    if (nearest && nearest.loaded.problems.length > 0 && !reported.has(nearest.path)) {
      reported.add(nearest.path);
      configErrors++;
      const idx = new LineIndex(readFile(nearest.path));
      for (const p of nearest.loaded.problems) {
        const pos = idx.position(p.range.start);
        io.stderr(`${path.relative(io.cwd, nearest.path)}:${pos.line + 1}:${pos.character + 1}: invalid config: ${p.message} (${p.path})\n`);
      }
    }
    const written = mergeConfig(nearest?.loaded.config ?? {}, explicitConfig ?? {});
    const config = values['count-nodes'] ? mergeConfig(written, { cluster: countedClusterFacts(io.nodeCount, written.cluster) }) : written;
    if (values['count-nodes'] && io.nodeCount?.ok && written.cluster.nodes !== undefined && !reported.has('count-nodes')) {
      reported.add('count-nodes');
      io.stderr(`scalewise: cluster.nodes ${written.cluster.nodes} from the config file is used, not the ${io.nodeCount.nodes} counted\n`);
    }
    const options = { uri: file, config, workspace, only: values.rule, schemaDiagnostics: true, exists: fs.existsSync, onRuleError: (id: string, e: unknown) => io.stderr(`scalewise: internal error in ${id} on ${rel}: ${(e as Error).stack ?? String(e)}\n`) };
    let result = lint(text, options);
    let fixed = 0;
    if (values.fix) {
      // Fixes can overlap; a few passes settle them, as ESLint does.
      for (let pass = 0; pass < 10; pass++) {
        const safe = result.findings.flatMap((f) => f.fixes.filter((x) => x.safety === 'safe').slice(0, 1));
        if (safe.length === 0) break;
        const { text: next, applied } = applyFixes(text, safe);
        if (applied.length === 0 || next === text) break;
        fixed += applied.length;
        text = next;
        result = lint(text, options);
      }
      if (fixed > 0) fs.writeFileSync(file, text);
    }
    if (result.kind === 'none') continue;
    reports.push({ path: rel, kind: result.kind, kindReason: result.kindReason, findings: result.findings, hints: result.hints, index: new LineIndex(text), fixed });
  }

  if (format === 'json') io.stdout(formatJson(reports));
  else if (format === 'sarif') io.stdout(formatSarif(reports, VERSION));
  else io.stdout(formatText(reports, { color: io.isTTY && !values['no-color'] && !process.env.NO_COLOR, hints: values.hints || demo }));

  const all = reports.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  if (demo) return 0; // the demo shows deliberate mistakes; it succeeds when it ran
  if (configErrors > 0) return 2;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

function readFile(file: string): string {
  try {
    const buf = fs.readFileSync(file);
    return buf.toString('utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function docsCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { check: { type: 'boolean', default: false } } });
  const dir = path.resolve(io.cwd, positionals[0] ?? 'docs/rules');
  fs.mkdirSync(dir, { recursive: true });
  let stale = 0;
  const index = ['# Rules', '', '| Rule | Kinds | Default | Fix |', '|---|---|---|---|'];
  for (const r of RULES) {
    const file = path.join(dir, `${ruleFileName(r.meta.id)}.md`);
    const page = renderRuleDoc(r);
    index.push(`| [${r.meta.id}](${ruleFileName(r.meta.id)}.md) | ${r.meta.kinds.join(', ')} | ${r.meta.defaultSeverity}${r.meta.defaultOff ? ' (off)' : ''} | ${r.meta.fixable ?? ''} |`);
    if (values.check) {
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== page) {
        io.stderr(`stale: ${path.relative(io.cwd, file)}\n`);
        stale++;
      }
    } else fs.writeFileSync(file, page);
  }
  const indexFile = path.join(dir, 'README.md');
  const indexText = index.join('\n') + '\n';
  if (values.check) {
    if (!fs.existsSync(indexFile) || fs.readFileSync(indexFile, 'utf8') !== indexText) {
      io.stderr(`stale: ${path.relative(io.cwd, indexFile)}\n`);
      stale++;
    }
    if (stale > 0) io.stderr('Run `npm run docs` to regenerate.\n');
    return stale > 0 ? 1 : 0;
  }
  fs.writeFileSync(indexFile, indexText);
  io.stdout(`wrote ${RULES.length} rule pages to ${path.relative(io.cwd, dir) || '.'}\n`);
  return 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'lsp') {
    if (!argv.includes('--stdio')) {
      process.stderr.write('scalewise lsp: only --stdio is supported\n');
      process.exitCode = 2;
      return;
    }
    const { startServer } = await import('./server');
    startServer();
    return;
  }
  // The one network call of the CLI, and only when asked: a read-only count of the nodes.
  let nodeCount: NodeCountResult | undefined;
  if ((argv[0] === 'lint' || argv[0] === 'demo') && argv.includes('--count-nodes')) {
    nodeCount = await countNodes();
    process.stderr.write(`scalewise: cluster size: ${describeCount(nodeCount)}\n`);
  }
  process.exitCode = runCli(argv, {
    ...(nodeCount ? { nodeCount } : {}),
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  });
}

if (require.main === module) void main();
