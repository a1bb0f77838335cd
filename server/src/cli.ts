/**
 * The `scalewise` command: args -> engine -> formatter -> exit code.
 *   0  no finding at error level (and warnings within --max-warnings)
 *   1  a finding at error level, or more warnings than --max-warnings
 *   2  usage or I/O error
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  assembleConfig,
  FILE_KINDS,
  FORMER_RULE_IDS,
  lint,
  LineIndex,
  parseConfig,
  renderRuleDoc,
  RULES,
  RULES_BY_ID,
  ruleFileName,
  type ScalewiseConfig,
  type WorkspaceFacts,
} from './engine';
import { decodeBytes } from './engine/encoding';
import type { Finding, Fix, ParsedFile } from './engine/types';
import { checkFix, fixBytes } from './engine/fix-file';
import { shapeOf, type Shape } from './engine/fix-guard';
import { MAX_LINT_BYTES, parseFile } from './engine/parse';
import { MAX_SMALL_FILE_BYTES, readRegularFile, readSmallText, readTextFile } from './read-file';
import { writeFileAtomically, type WriteResult } from './write-file';
import {
  buildId,
  cacheFileOf,
  type CachedResult,
  FactsFingerprints,
  LintCache,
  recordExists,
  recordFactReads,
  sha256,
  usableResult,
} from './cli-cache';
import { collectWorkspaceFactsOnce, type ComposeOffer, ConfigFinder, discover } from './files';
import { DEFAULT_MAX_NESTING_DEPTH, nestingLimit } from './engine/nesting';
import { pathToFileUri } from './engine/uri';
import { countedNodes, countNodes, describeCount, type NodeCountResult } from './cluster/node-count';
import { formatCompact, formatGithub } from './formatters/compact';
import { formatJson } from './formatters/json';
import { formatJunit } from './formatters/junit';
import { formatSarif } from './formatters/sarif';
import { formatText, terminalSafe } from './formatters/text';
import type { FileNote, FileReport } from './formatters/types';
import { prose, yaml } from './engine/template-text';
import { processActionEnv } from './actions/index';
import { readClusterCapacity } from './actions/kubernetes';
import { processScaleIO, scaleCommand, SCALE_USAGE, SCALE_USAGE_LINES } from './cli-scale';
import { FIT_USAGE, fitCommand, type CapacityReader } from './cli-fit';

declare const SCALEWISE_VERSION: string;
const VERSION = typeof SCALEWISE_VERSION === 'string' ? SCALEWISE_VERSION : '0.0.0-dev';

/** The options of `lint` (and `demo`), written once: `lint --help` shows them as they are, the general usage indented under `scalewise lint`. */
const LINT_OPTION_LINES = [
  '--format FORMAT            text, json, sarif, junit, compact or github (default: text)',
  '--fix                      Apply safe fixes in place, then report what is left',
  '--config FILE              Use this .scalewise.yaml instead of the nearest one',
  '--rule ID                  Run only this rule (repeatable; one that is off by default runs too)',
  '--max-warnings N           Exit 1 when there are more than N warnings',
  '--hints                    Also print sizing hints (text format)',
  '--count-nodes              Count the nodes of the current kubeconfig context (read-only',
  '                           list) for the Run:ai sizing rules; cluster.nodes in',
  '                           .scalewise.yaml wins when set',
  '--no-color                 Plain text output',
  '--cache                    Keep results in .scalewisecache and lint only what changed',
  '--cache-location PATH      The cache file, or a folder to keep .scalewisecache in',
];

const USAGE = `Usage:
  scalewise lint [paths or globs...]   Lint files and folders (default: .)
${LINT_OPTION_LINES.map((l) => `      ${l}`).join('\n')}
  scalewise demo [paths...]            Lint with sizing hints (default: examples)
  scalewise scale SYSTEM ...           Plan, confirm and run a scale (scalewise help scale)
${SCALE_USAGE_LINES.map((l) => `      ${l.replace(/^scalewise scale /, '')} [--yes] [--dry-run]`).join('\n')}
  scalewise fit FILE... [--context C]  Will it fit? replicas × requests against the cluster's nodes
  scalewise rules [--format json]      List the rules with a summary of each
  scalewise docs DIR [--check]         Write (or check) one Markdown page per rule
  scalewise lsp --stdio                Run the language server for any LSP editor
  scalewise mcp                        Run a read-only MCP server over stdio (docs/mcp.md)
  scalewise help [COMMAND]             The usage of a command (also COMMAND --help)
  scalewise --version
`;

const LINT_OPTIONS = `Options:
${[...LINT_OPTION_LINES, '-h, --help                 This help'].map((l) => `  ${l}`).join('\n')}
`;

/** `scalewise COMMAND --help` and `scalewise help COMMAND`. */
const COMMAND_USAGE: ReadonlyMap<string, string> = new Map([
  [
    'lint',
    [
      'Usage: scalewise lint [paths or globs...] [options]',
      '',
      'Lints files and folders (default: .). Exit 0 with no finding at error level,',
      '1 with one (or more warnings than --max-warnings), 2 for a usage or I/O error.',
      '',
      `${LINT_OPTIONS}`,
    ].join('\n'),
  ],
  [
    'demo',
    `Usage: scalewise demo [paths...] [options]\n\nLints with sizing hints (default: examples) and exits 0 when it ran.\n\n${LINT_OPTIONS}`,
  ],
  ['fit', FIT_USAGE],
  [
    'rules',
    yaml`
    Usage: scalewise rules [--format text|json]

    Lists the rules: id, kinds, default severity, fix (safe or suggestion) and summary.

    Options:
      --format text|json   Output format (default: text)
      -h, --help           This help
  `,
  ],
  [
    'docs',
    yaml`
    Usage: scalewise docs [DIR] [--check]

    Writes one Markdown page per rule and an index to DIR (default: docs/rules).

    Options:
      --check      Write nothing; exit 1 when a page is missing or stale
      -h, --help   This help
  `,
  ],
  ['scale', SCALE_USAGE],
  [
    'lsp',
    yaml`
    Usage: scalewise lsp --stdio

    Runs the language server for any LSP editor, over stdin and stdout.

    Options:
      --stdio      Talk over stdin and stdout (the only transport)
      -h, --help   This help
  `,
  ],
]);

class UsageError extends Error {}

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  /** The node count for `--count-nodes`, done before the synchronous lint (see main). */
  nodeCount?: NodeCountResult;
  /** Reads a live cluster's capacity for `fit --context` (the Kubernetes actions plug theirs in). */
  readCapacity?: CapacityReader;
  /** What identifies this build for `--cache` (default: the version and a hash of the running bundle). */
  cacheBuild?: string;
  /** Told, with `--cache`, whether a file's result came from the cache. */
  onCache?: (rel: string, outcome: 'hit' | 'miss') => void;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`scalewise: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr(`scalewise: ${(err as Error).message}\n`);
    return 2;
  }
}

function dispatch(argv: string[], io: CliIO): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'lint':
      return lintCommand(rest, io, false);
    case 'demo':
      return lintCommand(rest.length > 0 ? [...rest, '--hints'] : ['examples', '--hints'], io, true);
    case 'fit':
      return fitCommand(rest, io, io.readCapacity);
    case 'rules':
      return rulesCommand(rest, io);
    case 'docs':
      return docsCommand(rest, io);
    case 'lsp':
      return lspCommand(rest, io);
    case '--version':
    case '-v':
    case '-V':
      io.stdout(`${VERSION}\n`);
      return 0;
    case 'help': {
      if (rest[0] === undefined) {
        io.stdout(USAGE);
        return 0;
      }
      const usage = COMMAND_USAGE.get(rest[0]);
      if (!usage) throw new UsageError(`unknown command "${rest[0]}"`);
      io.stdout(usage);
      return 0;
    }
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return 0;
    case undefined:
      io.stderr(USAGE);
      return 2;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The YAML kinds (all but the shell ones): a rule for each of them says so in one word, not seven. */
const YAML_KINDS = FILE_KINDS.filter((k) => k !== 'k3s-install' && k !== 'script');

function kindsCell(kinds: readonly string[]): string {
  return YAML_KINDS.every((k) => kinds.includes(k)) && kinds.length === YAML_KINDS.length
    ? 'any-yaml'
    : kinds.join(',');
}

/** `scalewise rules`: one aligned line per rule (id, kinds, default severity, fix, summary), or JSON. */
function rulesCommand(args: string[], io: CliIO): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' }, ...HELP } });
  if (values.help) {
    io.stdout(COMMAND_USAGE.get('rules')!);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json')
    throw new UsageError(`--format must be text or json, not "${values.format}"`);
  if (values.format === 'json') {
    const list = RULES.map((r) => ({
      id: r.meta.id,
      kinds: [...r.meta.kinds],
      defaultSeverity: r.meta.defaultSeverity,
      defaultOff: r.meta.defaultOff === true,
      fixable: r.meta.fixable ?? null,
      summary: r.meta.docs.summary,
      docs: r.meta.docsUrl,
    }));
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const rows = [
    ['RULE', 'KINDS', 'DEFAULT', 'FIX', 'SUMMARY'],
    ...RULES.map((r) => [
      r.meta.id,
      kindsCell(r.meta.kinds),
      `${r.meta.defaultSeverity}${r.meta.defaultOff ? ' (off)' : ''}`,
      r.meta.fixable ?? '-',
      r.meta.docs.summary,
    ]),
  ];
  const widths = [0, 0, 0, 0];
  for (const row of rows) for (let c = 0; c < 4; c++) widths[c] = Math.max(widths[c]!, row[c]!.length);
  io.stdout(
    rows
      .map(
        (row) =>
          row
            .slice(0, 4)
            .map((cell, c) => cell.padEnd(widths[c]!))
            .join('  ') + `  ${row[4]}\n`,
      )
      .join(''),
  );
  return 0;
}

/** `scalewise lsp --help`; the server itself is started by main, before the synchronous commands. */
function lspCommand(args: string[], io: CliIO): number {
  const { values } = parseArgs({ args, options: { stdio: { type: 'boolean', default: false }, ...HELP } });
  if (values.help) {
    io.stdout(COMMAND_USAGE.get('lsp')!);
    return 0;
  }
  io.stderr(values.stdio ? 'scalewise lsp: run as its own process\n' : 'scalewise lsp: only --stdio is supported\n');
  return 2;
}

/** `--max-warnings N`: a whole number written as one (`1e400`, `''` and `-1` are refused, not read as no limit or 0). */
function maxWarningsOf(raw: string | undefined): number {
  if (raw === undefined) return Infinity;
  if (!/^\d{1,15}$/.test(raw)) throw new UsageError(`--max-warnings takes a whole number of warnings, not "${raw}"`);
  return Number(raw);
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
      cache: { type: 'boolean', default: false },
      'cache-location': { type: 'string' },
      ...HELP,
    },
  });
  if (values.help) {
    io.stdout(COMMAND_USAGE.get(demo ? 'demo' : 'lint')!);
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'junit', 'compact', 'github'].includes(format))
    throw new UsageError(`--format must be text, json, sarif, junit, compact or github, not "${format}"`);
  const maxWarnings = maxWarningsOf(values['max-warnings']);
  for (const id of values.rule ?? [])
    if (!RULES_BY_ID.has(id) && !FORMER_RULE_IDS.has(id))
      throw new UsageError(`unknown rule "${id}" (see scalewise rules)`);

  const found = discover(positionals.length > 0 ? positionals : ['.'], io.cwd);
  for (const n of found.notes ?? [])
    io.stderr(terminalSafe(`${path.relative(io.cwd, n.file)}${n.line ? `:${n.line}` : ''}: ${n.message}`) + '\n');
  if (found.missing.length > 0) {
    io.stderr(`scalewise: no such file or folder: ${found.missing.join(', ')}\n`);
    return 2;
  }
  let explicitConfig: Partial<ScalewiseConfig> | undefined;
  if (values.config) {
    const read = readTextFile(path.resolve(io.cwd, values.config), MAX_SMALL_FILE_BYTES);
    if (!read.ok) {
      io.stderr(`scalewise: cannot read --config ${values.config}: ${read.reason}\n`);
      return 2;
    }
    const loaded = parseConfig(read.text);
    if (loaded.problems.length > 0) {
      const idx = new LineIndex(read.text);
      for (const p of loaded.problems) {
        const pos = idx.position(p.range.start);
        io.stderr(`${values.config}:${pos.line + 1}:${pos.character + 1}: ${p.message}\n`);
      }
      return 2;
    }
    explicitConfig = loaded.config;
  }
  const { facts: workspace, offer } = collectWorkspaceFactsOnce(found.files, found.commandSources);
  const run: RunCache | undefined = values.cache
    ? {
        cache: LintCache.load(cacheFileOf(values['cache-location'], io.cwd), io.cacheBuild ?? buildId(VERSION)),
        facts: new FactsFingerprints(found.files, found.commandSources, () => workspace.stackFiles),
      }
    : undefined;
  const configs = new ConfigFinder();
  const reports: FileReport[] = [];
  const reported = new Set<string>();
  let configErrors = 0;
  const relative = (file: string) => path.relative(io.cwd, file) || path.basename(file);
  for (const sk of found.skipped) reports.push(skippedReport(relative(sk.path), sk.reason));
  // Configs first, in file order (what they print comes in that order); then the lints, YAML files
  // first: a script's rules read the Compose facts, which the YAML files' own parses then give.
  const jobs: { file: string; rel: string; config?: ScalewiseConfig; report?: FileReport | null }[] = [];
  for (const file of found.files) {
    const job: (typeof jobs)[number] = { file, rel: relative(file) };
    jobs.push(job);
    // One file's trouble is reported for that file; the run goes on with the others.
    try {
      const nearest = explicitConfig ? null : configs.find(file);
      if (nearest && nearest.loaded.problems.length > 0 && !reported.has(nearest.path)) {
        reported.add(nearest.path);
        configErrors++;
        const idx = new LineIndex(readSmallText(nearest.path) ?? '');
        for (const p of nearest.loaded.problems) {
          const pos = idx.position(p.range.start);
          io.stderr(
            [
              `${terminalSafe(path.relative(io.cwd, nearest.path))}:${pos.line + 1}:${pos.character + 1}: ` +
                `invalid config: ${terminalSafe(p.message)}${p.path ? ` (${p.path})` : ''}`,
              '',
            ].join('\n'),
          );
        }
      }
      const counted = values['count-nodes'] ? countedNodes(io.nodeCount) : undefined;
      const { config, countOverridden } = assembleConfig({
        file: nearest?.loaded.config ?? {},
        flags: explicitConfig ?? {},
        counted,
      });
      if (counted && countOverridden && !reported.has('count-nodes')) {
        reported.add('count-nodes');
        io.stderr(
          `scalewise: cluster.nodes ${config.cluster.nodes} from the config file is used, not the ${counted.nodes} counted\n`,
        );
      }
      job.config = config;
    } catch (err) {
      job.report = internalErrorReport(job.rel, err);
    }
  }
  const yamlFirst = [...jobs.filter((j) => YAML_NAME.test(j.file)), ...jobs.filter((j) => !YAML_NAME.test(j.file))];
  for (const job of yamlFirst) {
    if (job.config === undefined) continue;
    try {
      job.report = lintOne(job.file, job.rel, job.config, workspace, offer, values, io, run);
    } catch (err) {
      job.report = internalErrorReport(job.rel, err);
    }
  }
  for (const job of jobs) if (job.report) reports.push(job.report);
  const unsaved = run?.cache.save();
  if (unsaved) io.stderr(`scalewise: ${unsaved}\n`);

  if (format === 'json') io.stdout(formatJson(reports));
  else if (format === 'sarif') io.stdout(formatSarif(reports, VERSION));
  else if (format === 'junit') io.stdout(formatJunit(reports));
  else if (format === 'compact') io.stdout(formatCompact(reports));
  else if (format === 'github') io.stdout(formatGithub(reports));
  else
    io.stdout(
      formatText(reports, {
        color: io.isTTY && !values['no-color'] && !process.env.NO_COLOR,
        hints: values.hints || demo,
      }),
    );

  const all = reports.flatMap((r) => r.findings);
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const ioErrors = reports.some((r) => r.notes.some((n) => n.level === 'error'));
  if (demo) return 0; // the demo shows deliberate mistakes; it succeeds when it ran
  if (configErrors > 0 || ioErrors) return 2;
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

function internalErrorReport(rel: string, err: unknown): FileReport {
  return skippedReport(rel, 'internal error', [
    { level: 'error', message: `internal error: ${(err as Error).stack ?? String(err)}` },
  ]);
}

const YAML_NAME = /\.ya?ml$/i;

function skippedReport(rel: string, reason: string, notes: FileNote[] = []): FileReport {
  return {
    path: rel,
    kind: 'none',
    kindReason: reason,
    findings: [],
    hints: [],
    index: new LineIndex(''),
    fixed: 0,
    notes,
    skipped: reason,
  };
}

/** The cache of a `--cache` run: the kept results and the fingerprints of the workspace facts. */
interface RunCache {
  cache: LintCache;
  facts: FactsFingerprints;
}

/** A kept result as the report of `rel` (the text gives the line index). */
function cachedReport(rel: string, text: string, r: CachedResult): FileReport | null {
  if (r.none) return null;
  return {
    path: rel,
    kind: r.kind as FileReport['kind'],
    kindReason: r.kindReason!,
    findings: r.findings!,
    hints: r.hints!,
    index: new LineIndex(r.skipped === undefined ? text : ''),
    fixed: 0,
    notes: r.notes!,
    ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
  };
}

/** What a report keeps for the cache (a --fix run's own notes are not kept: they are about that run). */
function toCached(report: FileReport | null, notes: FileNote[]): CachedResult {
  if (!report) return { none: true };
  return {
    kind: report.kind,
    kindReason: report.kindReason,
    findings: report.findings,
    hints: report.hints,
    notes,
    ...(report.skipped !== undefined ? { skipped: report.skipped } : {}),
  };
}

/** Lints (and with --fix, fixes) one file; null when it is not a kind Scalewise reads. */
function lintOne(
  file: string,
  rel: string,
  config: ScalewiseConfig,
  workspace: WorkspaceFacts,
  offer: ComposeOffer,
  values: { fix?: boolean; rule?: string[]; format?: string },
  io: CliIO,
  run: RunCache | undefined,
): FileReport | null {
  // Read at most one byte past what the engine lints: a bigger file is reported, never loaded whole.
  const read = readRegularFile(file, MAX_LINT_BYTES);
  if (!read.ok)
    return skippedReport(
      rel,
      read.reason,
      read.io ? [{ level: 'error', message: `cannot read ${rel}: ${read.reason}` }] : [],
    );
  const decoded = decodeBytes(read.bytes);
  if ('unsupported' in decoded) return skippedReport(rel, decoded.unsupported);
  let key: { content: string; options: string } | undefined;
  if (run) {
    key = { content: sha256(read.bytes), options: sha256(JSON.stringify({ config, only: values.rule ?? null })) };
    const hit = run.cache.lookup(file, key.content, key.options, run.facts, fs.existsSync);
    // With --fix, a kept result is enough only when it has no safe fix to apply.
    if (
      hit &&
      usableResult(hit) &&
      !(values.fix && hit.findings?.some((f) => f.fixes.some((x) => x.safety === 'safe')))
    ) {
      io.onCache?.(rel, 'hit');
      const report = cachedReport(rel, decoded.text, hit);
      if (report && values.format === 'sarif' && report.findings.some(hasSafeFix)) {
        const parsed = parseFile(pathToFileUri(file), decoded.text, {
          maxNestingDepth: config.limits?.maxNestingDepth,
        });
        report.safeFixes = guardedSafeFixes(parsed, report.findings);
      }
      return report;
    }
    io.onCache?.(rel, 'miss');
  }
  const factReads = run ? recordFactReads(workspace) : undefined;
  const existsReads = run ? recordExists(fs.existsSync) : undefined;
  let ruleFailed = false;
  const options = {
    uri: pathToFileUri(file),
    config,
    workspace: factReads?.view ?? workspace,
    only: values.rule,
    onlyEnables: true,
    schemaDiagnostics: true,
    exists: existsReads?.exists ?? fs.existsSync,
    onRuleError: (id: string, e: unknown) => {
      ruleFailed = true;
      io.stderr(`scalewise: internal error in ${id} on ${terminalSafe(rel)}: ${(e as Error).stack ?? String(e)}\n`);
    },
  };
  let text = decoded.text;
  let result = lint(text, options);
  // Parsed as the Compose facts parse it: the same text, the default nesting limit.
  const asFacts =
    result.file.text === text && nestingLimit(config.limits?.maxNestingDepth) === DEFAULT_MAX_NESTING_DEPTH;
  offer(file, read.bytes.length, text, asFacts ? result.file.documents[0]?.doc : undefined);
  const keep = (report: FileReport | null, notes: FileNote[], changed: boolean): FileReport | null => {
    if (!run || !key) return report;
    // A fixed file has new bytes (a new key): the next run lints it afresh. A rule that failed is tried again.
    if (changed || ruleFailed) run.cache.forget(file);
    else {
      const facts: Record<string, string> = {};
      for (const group of factReads!.groups) facts[group] = run.facts.of(group);
      run.cache.store(file, { ...key, facts, exists: [...existsReads!.asked], result: toCached(report, notes) });
    }
    return report;
  };
  if (result.kind === 'none') return keep(null, [], false);
  // Said per file, as other files not linted are: a chart folder is mostly templates, and none of them is an error.
  if (result.kind === 'template') {
    const report: FileReport = {
      ...skippedReport(
        rel,
        `template, not YAML until it is rendered (${result.kindReason}); lint the rendered files instead`,
      ),
      kind: 'template',
      kindReason: result.kindReason,
    };
    return keep(report, [], false);
  }
  const notes: FileNote[] = [];
  const fixNotes: FileNote[] = [];
  let fixed = 0;
  let changed = false;
  if (values.fix) {
    const fix = fixBytes(read.bytes, (t) => lint(t, options), result);
    const write: WriteResult = !fix.ok
      ? { ok: false, reason: fix.reason }
      : fix.bytes
        ? writeFileAtomically(file, fix.bytes, read.stat)
        : { ok: true };
    if (fix.ok && write.ok) {
      const { outcome } = fix;
      fixed = outcome.applied.length;
      changed = Boolean(fix.bytes);
      text = outcome.text;
      result = outcome.result;
      for (const r of outcome.refused)
        fixNotes.push({
          level: 'note',
          offset: r.offset,
          message: `fix not applied (${r.ruleId}, "${r.title}"): ${r.reason}`,
        });
      if (outcome.unsettled)
        fixNotes.push({ level: 'note', message: 'safe fixes were still being found after 10 passes; run --fix again' });
    } else {
      changed = true; // not kept: the next run says again that it could not fix the file
      fixNotes.push({
        level: 'error',
        message: `not fixed: ${rel}: ${write.ok ? (fix as { reason: string }).reason : write.reason}; the file is unchanged`,
      });
    }
  }
  if (decoded.escapedBytes > 0)
    notes.push({
      level: 'note',
      message: prose`
    ${decoded.escapedBytes} byte${decoded.escapedBytes === 1 ? ' is' : 's are'} not valid UTF-8 (kept as they
    are)
  `,
    });
  const report: FileReport = {
    path: rel,
    kind: result.kind,
    kindReason: result.kindReason,
    findings: result.findings,
    hints: result.hints,
    index: new LineIndex(text),
    fixed,
    notes: [...fixNotes, ...notes],
  };
  const kept = keep(report, notes, changed || fixNotes.length > 0);
  if (kept && values.format === 'sarif') kept.safeFixes = guardedSafeFixes(result.file, result.findings);
  return kept;
}

const safeFixOf = (f: Finding): Fix | undefined => f.fixes.find((x) => x.safety === 'safe' && x.edits.length > 0);
const hasSafeFix = (f: Finding): boolean => safeFixOf(f) !== undefined;

/**
 * The safe fix of each finding that `--fix` would apply on its own: the first safe one (as fix-file.ts
 * picks it) when, applied alone, it passes the guard, as a quick fix must before the language server
 * offers it (handlers/code-actions.ts). A script is not YAML and has no shape to guard. One parse per
 * fix, and only for SARIF.
 */
function guardedSafeFixes(file: ParsedFile, findings: readonly Finding[]): Map<Finding, Fix> {
  const out = new Map<Finding, Fix>();
  let shape: Shape | undefined;
  for (const f of findings) {
    const fix = safeFixOf(f);
    if (!fix) continue;
    if (file.isYaml && !checkFix(file, fix.edits, (shape ??= shapeOf(file))).ok) continue;
    out.set(f, fix);
  }
  return out;
}

function docsCommand(args: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { check: { type: 'boolean', default: false }, ...HELP },
  });
  if (values.help) {
    io.stdout(COMMAND_USAGE.get('docs')!);
    return 0;
  }
  const dir = path.resolve(io.cwd, positionals[0] ?? 'docs/rules');
  // --check only reads: a missing folder is stale, not created.
  if (!values.check) fs.mkdirSync(dir, { recursive: true });
  let stale = 0;
  const index = ['# Rules', '', '| Rule | Kinds | Default | Fix |', '|---|---|---|---|'];
  for (const r of RULES) {
    const file = path.join(dir, `${ruleFileName(r.meta.id)}.md`);
    const page = renderRuleDoc(r);
    index.push(prose`
      | [${r.meta.id}](${ruleFileName(r.meta.id)}.md) | ${r.meta.kinds.join(', ')} |
      ${r.meta.defaultSeverity}${r.meta.defaultOff ? ' (off)' : ''} | ${r.meta.fixable ?? ''} |
    `);
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

/**
 * A closed pipe (`scalewise rules | head -1`) ends the CLI quietly with the exit code it has:
 * the reader has all it wanted. Without a handler, Node reports the EPIPE with a stack trace.
 */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit();
    });
  }
}

/** `scalewise fit` reads the active (or --context) cluster when no nodes are declared: read-only. */
export const readProcessClusterCapacity: CapacityReader = async (context) => {
  const env = processActionEnv({ trusted: true, cwd: process.cwd(), log: (l) => process.stderr.write(`  ${l}\n`) });
  const read = await readClusterCapacity(env, context !== undefined ? { context } : {});
  return read.ok ? read.capacity : read;
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'lsp' && argv.includes('--stdio') && !argv.includes('--help') && !argv.includes('-h')) {
    const { startServer } = await import('./server');
    startServer();
    return;
  }
  if (argv[0] === 'mcp') {
    // Its own bundle beside cli.js (esbuild.mjs), so that the SDK does not weigh on the other commands.
    const { startMcp } = require('./mcp.js') as { startMcp: () => Promise<void> };
    return startMcp();
  }
  quietOnClosedPipe();
  // Scaling waits on docker and kubectl: asynchronous, unlike the lint commands in runCli.
  if (argv[0] === 'scale') return void (process.exitCode = await scaleCommand(argv.slice(1), processScaleIO()));
  // The one network call of the CLI, and only when asked: a read-only count of the nodes.
  let nodeCount: NodeCountResult | undefined;
  if ((argv[0] === 'lint' || argv[0] === 'demo') && argv.includes('--count-nodes')) {
    nodeCount = await countNodes();
    process.stderr.write(`scalewise: cluster size: ${describeCount(nodeCount)}\n`);
  }
  process.exitCode = await runCli(argv, {
    ...(nodeCount ? { nodeCount } : {}),
    readCapacity: readProcessClusterCapacity,
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  });
}

// The CLI's own file runs main; a bundle that imports runCli (a test) is its own main module and does not.
if (require.main === module && /^cli\.[cm]?[jt]s$/.test(path.basename(__filename))) void main();
