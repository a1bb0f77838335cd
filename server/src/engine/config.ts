/**
 * The project config file `.scalewise.yaml`: rule severities, kind overrides and the sizing
 * inputs rules need (expected nodes, GPUs, Polis participants). Validated by
 * schemas/scalewise-config.schema.json; problems are reported on the file itself.
 */
import { parseDocument, type Pair } from 'yaml';
import { composeWithin, DEFAULT_MAX_NESTING_DEPTH } from './nesting';
import { validateDocument, type SchemaProblem } from './schema';
import type { ScalewiseConfig } from './types';
import { isMap, isScalar, isSeq, keyRange, keyText, nodeRange, pairs } from './yaml-ast';

export const CONFIG_FILE_NAMES = ['.scalewise.yaml', '.scalewise.yml'];

export function defaultConfig(): ScalewiseConfig {
  return { rules: {}, kinds: {}, cluster: {}, sizing: {} };
}

export interface LoadedConfig {
  config: ScalewiseConfig;
  problems: SchemaProblem[];
}

export function parseConfig(text: string): LoadedConfig {
  // The config file is YAML from the repository too: the same bound on nesting (nesting.ts).
  const deep = composeWithin(text, DEFAULT_MAX_NESTING_DEPTH).overflow;
  if (deep) {
    const range = { start: deep.offset, end: Math.min(deep.offset + 1, text.length) };
    return {
      config: defaultConfig(),
      problems: [{ range, message: `Not parsed: it nests deeper than ${deep.limit} maps and sequences.`, path: '' }],
    };
  }
  const doc = parseDocument(text, { prettyErrors: false });
  const problems: SchemaProblem[] = doc.errors.map((e) => ({
    range: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) },
    message: e.message.split('\n')[0]!,
    path: '',
  }));
  if (problems.length > 0) return { config: defaultConfig(), problems };
  // An empty file (or only comments) is the default config, not "must be object".
  if (doc.contents === null) return { config: defaultConfig(), problems };
  for (const p of validateDocument('scalewise-config', doc, doc.contents as never)) problems.push(p);
  for (const p of nonFiniteNumbers(doc.contents)) problems.push(p);
  if (problems.length === 0) for (const p of declaredNodeProblems(doc.contents)) problems.push(p);
  if (problems.length > 0) return { config: defaultConfig(), problems };
  const raw = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as Partial<ScalewiseConfig>;
  return {
    config: {
      rules: { ...(raw.rules ?? {}) },
      kinds: { ...(raw.kinds ?? {}) },
      cluster: { ...(raw.cluster ?? {}) },
      sizing: { ...(raw.sizing ?? {}) },
      ...(raw.polis ? { polis: { ...raw.polis } } : {}),
      ...(raw.limits ? { limits: { ...raw.limits } } : {}),
    },
    problems,
  };
}

/**
 * `1e999` and `.inf` parse as Infinity, `.nan` as NaN, and a JSON schema's `integer` and
 * `minimum` let Infinity through: `cluster.nodes: 1e999` would size a cluster of ∞ nodes.
 */
function nonFiniteNumbers(root: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const stack: { node: unknown; path: string }[] = [{ node: root, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value)) {
      out.push({
        range: nodeRange(node),
        message: `Value must be a finite number, not ${String(node.source ?? node.value)}.`,
        path: path || '/',
      });
    } else if (isMap(node)) {
      for (const p of pairs(node)) stack.push({ node: p.value, path: `${path}/${keyText(p) ?? '?'}` });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: `${path}/${i}` }));
    }
  }
  return out;
}

/**
 * What the schema cannot say about declared node sizes: `cluster.node` is the size of each of
 * `cluster.nodes` nodes, so it needs the count; `cluster.nodePools` say the count themselves, so
 * a `cluster.nodes` written beside them must agree (it keeps meaning the whole cluster's count,
 * which the Run:ai and k3s rules read).
 */
function declaredNodeProblems(root: unknown): SchemaProblem[] {
  const cluster = isMap(root) ? pairs(root).find((p) => keyText(p) === 'cluster') : undefined;
  const map = cluster?.value;
  if (!isMap(map)) return [];
  const pair = (key: string) => pairs(map).find((p) => keyText(p) === key);
  const on = (p: Pair, message: string, key: string): SchemaProblem => ({
    range: keyRange(p),
    message,
    path: `/cluster/${key}`,
  });
  const nodes = pair('nodes');
  const node = pair('node');
  const pools = pair('nodePools');
  const count = isScalar(nodes?.value) ? Number(nodes.value.value) : undefined;
  if (node && pools)
    return [on(pools, 'Write either cluster.node (with cluster.nodes) or cluster.nodePools, not both.', 'nodePools')];
  if (node && count === undefined)
    return [on(node, 'cluster.node is the size of each of cluster.nodes nodes: write cluster.nodes too.', 'node')];
  if (pools && count !== undefined && isSeq(pools.value)) {
    let sum = 0;
    for (const item of pools.value.items) {
      const c = isMap(item) ? pairs(item).find((p) => keyText(p) === 'count') : undefined;
      if (c && isScalar(c.value)) sum += Number(c.value.value);
    }
    if (sum !== count)
      return [
        on(
          pools,
          `cluster.nodePools declare ${sum} node${sum === 1 ? '' : 's'}, but cluster.nodes is ${count}: make them agree, or leave cluster.nodes out.`,
          'nodePools',
        ),
      ];
  }
  return [];
}

/** Later layers win: defaults < editor settings < `.scalewise.yaml` < command-line flags. */
export function mergeConfig(...layers: Partial<ScalewiseConfig>[]): ScalewiseConfig {
  const out = defaultConfig();
  for (const l of layers) {
    Object.assign(out.rules, l.rules);
    Object.assign(out.kinds, l.kinds);
    Object.assign(out.cluster, l.cluster);
    Object.assign(out.sizing, l.sizing);
    if (l.polis) out.polis = { ...out.polis, ...l.polis };
    if (l.limits) out.limits = { ...out.limits, ...l.limits };
  }
  return out;
}

/** Where a lint's config comes from, lowest layer first (mergeConfig's order). */
export interface ConfigSources {
  /** The editor's settings (`scalewise.rules`, `scalewise.kinds`, `scalewise.limits.*`). */
  settings?: Partial<ScalewiseConfig>;
  /** The nearest `.scalewise.yaml`. */
  file?: Partial<ScalewiseConfig>;
  /** The file's `kinds` are not used: an untrusted workspace, as VS Code ignores the restricted `scalewise.kinds` there. */
  ignoreFileKinds?: boolean;
  /** The command line (`--config FILE`). */
  flags?: Partial<ScalewiseConfig>;
  /** A counted cluster size (`--count-nodes`, `scalewise.cluster.countNodes`): used only where no layer writes `cluster.nodes`. */
  counted?: { nodes: number; source: string } | undefined;
}

export interface AssembledConfig {
  config: ScalewiseConfig;
  /** The file had `kinds` that `ignoreFileKinds` left out. */
  fileKindsIgnored: boolean;
  /** A written `cluster.nodes` won over the count. */
  countOverridden: boolean;
}

/** The one assembly of a lint's config, for the CLI and the server: defaults < settings < `.scalewise.yaml` < flags, then the count. */
export function assembleConfig(sources: ConfigSources): AssembledConfig {
  const fileKindsIgnored = sources.ignoreFileKinds === true && Object.keys(sources.file?.kinds ?? {}).length > 0;
  const file = fileKindsIgnored ? { ...sources.file, kinds: {} } : sources.file;
  const written = mergeConfig(sources.settings ?? {}, file ?? {}, sources.flags ?? {});
  const counted = sources.counted;
  if (!counted) return { config: written, fileKindsIgnored, countOverridden: false };
  if (written.cluster.nodes !== undefined) return { config: written, fileKindsIgnored, countOverridden: true };
  return {
    config: mergeConfig(written, { cluster: { nodes: counted.nodes, nodesSource: counted.source } }),
    fileKindsIgnored,
    countOverridden: false,
  };
}
