/**
 * k3s settings wherever they are written: `config.yaml` and its `config.yaml.d/*.yaml` drop-ins
 * (scalars, lists, `key+` appends; k3s-io/k3s@f646604:pkg/configfilearg/parser.go) and install
 * scripts (`curl -sfL https://get.k3s.io | sh -s - ARGS`, `INSTALL_K3S_EXEC="..."`,
 * `k3s server ARGS`). Each value keeps its range so a finding lands on the exact flag.
 */
import * as path from 'node:path';
import { filePathOf } from '../detect';
import { MAX_SCRIPT_BYTES, parseFile } from '../parse';
import type { ParsedFile, Range, WorkspaceFacts } from '../types';
import { asMap, deref, goValue, isSeq, keyRange, keyText, nodeRange, pairs, stringValue } from '../yaml-ast';
import { installExecWords, shellCommands, shellWords, type ShellCommand, type ShellWord } from '../shell';
import { ARG_FLAGS, takesValue } from './k3s-flags';
import {
  DEFAULT_CLUSTER_CIDR,
  DEFAULT_NODE_MASK,
  DEFAULT_NODE_MASK_IPV6,
  parseCidr,
  parseCidrList,
  type Cidr,
} from '../quantity/cidr';
import { memoized } from './memo';

export interface K3sSetting {
  /** Flag name without dashes, e.g. `cluster-cidr`, or the inner flag of a `*-arg`, e.g. `max-pods`. */
  name: string;
  value: string;
  /** `kubelet-arg` for `--kubelet-arg=max-pods=250`; undefined for k3s's own flags. */
  parent?: string;
  range: Range;
  /** Where a new sibling flag can be inserted (end of this flag's text). */
  insertAt: number;
  source: 'config' | 'install';
  /** The config key as written (`kubelet-arg+`), or the flag name of an install flag. */
  key?: string;
  /** The config key, or the `--flag` text of an install flag. */
  keyRange?: Range;
  /** Absolute path of the config file it comes from, when that is another file of the config group. */
  otherFile?: string;
  /** Position of its file in the group's reading order (`config.yaml` first), when other files are known. */
  fileIndex?: number;
}

/** k3s flags that take a value, so `--flag value` reads the next word. */
export const ARG_PARENTS: ReadonlySet<string> = ARG_FLAGS;

/** Hidden aliases of the `*-arg` flags (k3s pkg/cli/cmds/server.go). */
const PARENT_ALIASES: ReadonlyMap<string, string> = new Map([
  ['kube-controller-arg', 'kube-controller-manager-arg'],
  ['kube-cloud-controller-arg', 'kube-cloud-controller-manager-arg'],
]);

function splitInner(
  flag: string,
  value: string,
  range: Range,
  insertAt: number,
  source: K3sSetting['source'],
): K3sSetting {
  const name = PARENT_ALIASES.get(flag) ?? flag;
  if (ARG_PARENTS.has(name)) {
    const eq = value.indexOf('=');
    const inner = (eq >= 0 ? value.slice(0, eq) : value).replace(/^--?/, '');
    return { name: inner, value: eq >= 0 ? value.slice(eq + 1) : '', parent: name, range, insertAt, source };
  }
  return { name, value, range, insertAt, source };
}

export function k3sSettingsFromConfig(file: ParsedFile): K3sSetting[] {
  const out: K3sSetting[] = [];
  for (const d of file.documents) {
    for (const p of pairs(asMap(d.root, d.doc))) {
      const key = keyText(p);
      if (key === null) continue;
      const name = key.replace(/\+$/, '');
      const value = deref(p.value, d.doc);
      const items = isSeq(value) ? value.items : [value];
      for (const item of items) {
        // k3s reads config.yaml with go-yaml: an unquoted `017` is the flag value 15.
        const go = goValue(item, d.doc);
        const text = typeof go === 'number' ? String(go) : stringValue(item, d.doc);
        if (text === undefined) continue;
        const r = nodeRange(deref(item, d.doc));
        out.push({ ...splitInner(name, text, r, r.end, 'config'), key, keyRange: keyRange(p) });
      }
    }
  }
  return out;
}

/** A shell word with its offsets (server/src/engine/shell.ts reads them as `sh` does). */
export type Word = ShellWord;
export type { ShellCommand };
export { shellCommands, shellWords };

export interface EnvAssignment {
  name: string;
  value: string;
  /** The whole `NAME=value` word. */
  range: Range;
}

export interface K3sScript {
  /** Flags of the k3s command lines: install-script arguments, `INSTALL_K3S_EXEC`, `k3s server|agent`. */
  settings: K3sSetting[];
  /** `NAME=value` assignments (command prefixes, `export`, plain), in order. */
  env: EnvAssignment[];
  /** `server` or `agent`, as the install script decides it (an explicit command, else agent when K3S_URL is set). */
  role: 'server' | 'agent';
  /** Where the command word `server`/`agent` is, when written. */
  roleRange?: Range;
  /** Each word holding the get.k3s.io URL: a download of the install script. */
  downloads: Range[];
  /** Positional words of k3s command lines that are not the command (e.g. a value of an unknown flag). */
  positionals: Word[];
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const PREFIX_COMMANDS = new Set(['sudo', 'env', 'export', 'command', 'exec', 'nohup', 'time']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh']);

/** The word each assignment was read from. */
const wordOf = new WeakMap<EnvAssignment, Word>();

/** The k3s arguments of one command, or null when it does not run k3s or its install script. */
function k3sArgs(
  cmd: ShellCommand,
  prev: ShellCommand | undefined,
  env: EnvAssignment[],
  local: EnvAssignment[],
): { args: Word[]; explicitRole?: Word } | null {
  const w = cmd.words;
  let j = 0;
  while (j < w.length) {
    const m = ASSIGNMENT.exec(w[j]!.text);
    if (m) {
      const a = { name: m[1]!, value: m[2]!, range: { start: w[j]!.start, end: w[j]!.end } };
      wordOf.set(a, w[j]!);
      env.push(a);
      local.push(a);
      j++;
    } else if (
      PREFIX_COMMANDS.has(w[j]!.text) ||
      (j > 0 && PREFIX_COMMANDS.has(w[j - 1]!.text) && w[j]!.text.startsWith('-'))
    )
      j++;
    else break;
  }
  const head = w[j];
  if (!head) return null;
  const base = path.posix.basename(head.text);
  const rest = w.slice(j + 1);
  if (base === 'k3s' && (rest[0]?.text === 'server' || rest[0]?.text === 'agent'))
    return { args: rest.slice(1), explicitRole: rest[0] };
  const mentionsK3s =
    (prev !== undefined && cmd.after === '|' && prev.words.some((x) => /k3s/i.test(x.text))) ||
    local.some((a) => /^(INSTALL_)?K3S_/.test(a.name));
  let args: Word[] | null = null;
  if (SHELLS.has(base)) {
    const dash = rest.findIndex((x) => x.text === '-' || x.text === '--');
    if (rest[0]?.text === '-s' && mentionsK3s) args = dash >= 0 ? rest.slice(dash + 1) : [];
    else if (rest.length === 0 || rest[0]?.text === '-') args = mentionsK3s ? [] : null;
    else if (/k3s|install/i.test(rest[0]!.text) && !rest[0]!.text.startsWith('-')) args = rest.slice(1);
  } else if (/(^|\/)[^/]*install[^/]*\.sh$/i.test(head.text) && (mentionsK3s || /k3s/i.test(head.text))) args = rest;
  if (args === null) return null;
  const first = args[0];
  if (first && (first.text === 'server' || first.text === 'agent')) return { args: args.slice(1), explicitRole: first };
  return { args };
}

function flagsOf(words: Word[], text: string, out: K3sSetting[], positionals: Word[]): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const m = /^(--?)([A-Za-z0-9][A-Za-z0-9_.-]*)(?:=(.*))?$/s.exec(w.text);
    if (!m) {
      positionals.push(w);
      continue;
    }
    const name = m[2]!;
    const raw = text.slice(w.start, w.end);
    const at = w.start + Math.max(0, raw.indexOf(m[1]!));
    const keyRange = { start: at, end: at + m[1]!.length + name.length };
    if (m[3] !== undefined) {
      out.push({ ...splitInner(name, m[3], { start: w.start, end: w.end }, w.end, 'install'), key: name, keyRange });
    } else if (takesValue(name) && words[i + 1] && !words[i + 1]!.text.startsWith('-')) {
      const v = words[++i]!;
      out.push({ ...splitInner(name, v.text, { start: w.start, end: v.end }, v.end, 'install'), key: name, keyRange });
    } else {
      out.push({
        name,
        value: '',
        range: { start: w.start, end: w.end },
        insertAt: w.end,
        source: 'install',
        key: name,
        keyRange,
      });
    }
  }
}

/** The words the install script makes of an `INSTALL_K3S_EXEC=...` word (see installExecWords). */
function execWords(word: Word): Word[] {
  return installExecWords(word, word.text.indexOf('=') + 1);
}

/** The script `k3sScript` read last, and what it read. */
let lastScript: { text: string; script: K3sScript } | undefined;

/**
 * What a k3s install script runs. Every k3s rule and the sizing lens ask for it, about ten times
 * per lint of the same text: it is read once and shared (callers only read it). A script above
 * MAX_SCRIPT_BYTES is not read at all (`script/too-large` says so).
 */
export function k3sScript(text: string): K3sScript {
  if (lastScript?.text !== text)
    lastScript = { text, script: text.length > MAX_SCRIPT_BYTES ? readK3sScript('') : readK3sScript(text) };
  return lastScript.script;
}

function readK3sScript(text: string): K3sScript {
  const settings: K3sSetting[] = [];
  const env: EnvAssignment[] = [];
  const positionals: Word[] = [];
  const downloads: Range[] = [];
  let roleWord: Word | undefined;
  const commands = shellCommands(text);
  commands.forEach((cmd, i) => {
    for (const w of cmd.words)
      if (/^(https?:\/\/)?get\.k3s\.io\/?$/.test(w.text)) downloads.push({ start: w.start, end: w.end });
    const local: EnvAssignment[] = [];
    const found = k3sArgs(cmd, commands[i - 1], env, local);
    for (const a of local) {
      if (a.name !== 'INSTALL_K3S_EXEC') continue;
      const words = execWords(wordOf.get(a)!);
      const first = words[0];
      if (first && (first.text === 'server' || first.text === 'agent')) {
        roleWord ??= first;
        words.shift();
      }
      flagsOf(words, text, settings, positionals);
    }
    if (!found) return;
    if (found.explicitRole) roleWord ??= found.explicitRole;
    flagsOf(found.args, text, settings, positionals);
  });
  const hasUrl = env.some((a) => a.name === 'K3S_URL' && a.value !== '');
  return {
    settings,
    env,
    role: roleWord ? (roleWord.text as 'server' | 'agent') : hasUrl ? 'agent' : 'server',
    ...(roleWord ? { roleRange: { start: roleWord.start, end: roleWord.end } } : {}),
    downloads,
    positionals,
  };
}

export function k3sSettingsFromScript(text: string): K3sSetting[] {
  return k3sScript(text).settings;
}

/** Is this path a k3s config file or a drop-in (as detection sees them)? */
export function isK3sConfigPath(p: string): boolean {
  const posix = p.replace(/\\/g, '/');
  return /(^|\/)rancher\/k3s\/config\.yaml$/.test(posix) || /(^|\/)config\.yaml\.d\/[^/]+\.ya?ml$/i.test(posix);
}

/** The config file a path belongs to and its drop-in folder (`config.yaml` and `config.yaml.d`). */
export function k3sConfigGroup(p: string): { base: string; dropins: string } {
  const abs = path.resolve(p);
  const dir = path.dirname(abs);
  if (dir.endsWith('.d') && /\.ya?ml$/i.test(abs)) return { base: dir.slice(0, -2), dropins: dir };
  return { base: abs, dropins: `${abs}.d` };
}

/** `config.yaml` first, then the drop-ins in file-name order, as k3s reads them (os.ReadDir sorts by name). */
export function k3sConfigOrder(p: string, known: readonly string[]): string[] {
  const { base, dropins } = k3sConfigGroup(p);
  const all = new Set([path.resolve(p), ...known.map((k) => path.resolve(k))]);
  const drops = [...all]
    .filter((f) => path.dirname(f) === dropins && /\.ya?ml$/i.test(f))
    .sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : path.basename(a) > path.basename(b) ? 1 : 0));
  return [...(all.has(base) ? [base] : []), ...drops];
}

/**
 * The settings k3s ends up with for a config file: the file itself merged with the other files
 * of its group that the workspace knows (`config.yaml`, then `config.yaml.d/*.yaml` in name
 * order; a later key replaces an earlier one, `key+` appends). Settings from other files carry
 * `otherFile`. Install scripts are read on their own.
 */
export function k3sSettings(file: ParsedFile, ws?: WorkspaceFacts): K3sSetting[] {
  return memoized(file, 'k3sSettings', (f) => mergedSettings(f, ws), ws);
}

function mergedSettings(file: ParsedFile, ws?: WorkspaceFacts): K3sSetting[] {
  if (!file.isYaml) return k3sSettingsFromScript(file.text);
  const perFile = k3sSettingsPerFile(file, ws);
  if (perFile.length <= 1) return perFile[0] ?? [];
  const values = new Map<string, K3sSetting[]>();
  for (const settings of perFile) {
    // Group by key as written, in order; each key replaces (or with `+` extends) what came before.
    const byKey = new Map<string, K3sSetting[]>();
    for (const s of settings) {
      const k = s.key ?? s.name;
      const list = byKey.get(k);
      if (list) list.push(s);
      else byKey.set(k, [s]);
    }
    for (const [key, list] of byKey) {
      const name = key.replace(/\+$/, '');
      const old = values.get(name);
      values.set(name, key.endsWith('+') && old ? [...old, ...list] : list);
    }
  }
  return [...values.values()].flat();
}

/**
 * Every setting of every file of the config group, file by file in reading order, before k3s
 * merges them (so a value a later file replaces is still there). A script or a lone file: one list.
 */
export function k3sSettingsPerFile(file: ParsedFile, ws?: WorkspaceFacts): K3sSetting[][] {
  return memoized(file, 'k3sSettingsPerFile', (f) => settingsPerFile(f, ws), ws);
}

function settingsPerFile(file: ParsedFile, ws?: WorkspaceFacts): K3sSetting[][] {
  if (!file.isYaml) return [k3sSettingsFromScript(file.text)];
  const own = k3sSettingsFromConfig(file);
  const others = ws?.k3sConfigFiles ?? [];
  const self = path.resolve(filePathOf(file.uri));
  if (others.length === 0 || !isK3sConfigPath(self)) return [own];
  const order = k3sConfigOrder(
    self,
    others.map((o) => o.path),
  );
  if (order.length <= 1) return [own];
  const texts = new Map(others.map((o) => [path.resolve(o.path), o.text]));
  const out: K3sSetting[][] = [];
  for (const [fileIndex, f] of order.entries()) {
    if (f === self) out.push(own.map((s) => Object.assign(s, { fileIndex })));
    else {
      const text = texts.get(f);
      if (text !== undefined)
        out.push(k3sSettingsFromConfig(parseFile(f, text)).map((s) => ({ ...s, otherFile: f, fileIndex })));
    }
  }
  return out;
}

/** The last occurrence wins, as with repeated flags and config files. */
export function lastSetting(settings: K3sSetting[], name: string, parent?: string): K3sSetting | undefined {
  let found: K3sSetting | undefined;
  for (const s of settings) if (s.name === name && s.parent === parent) found = s;
  return found;
}

/** Every occurrence, in order. */
export function allSettings(settings: K3sSetting[], name: string, parent?: string): K3sSetting[] {
  return settings.filter((s) => s.name === name && s.parent === parent);
}

/** The effective IPv4 node mask setting: `node-cidr-mask-size`, else `node-cidr-mask-size-ipv4`. */
export function nodeMaskSetting(settings: K3sSetting[]): K3sSetting | undefined {
  return (
    lastSetting(settings, 'node-cidr-mask-size', 'kube-controller-manager-arg') ??
    lastSetting(settings, 'node-cidr-mask-size-ipv4', 'kube-controller-manager-arg')
  );
}

/** A short name for where a setting is: the other file's base name, or undefined when it is in this file. */
export function whereSet(s: K3sSetting): string | undefined {
  return s.otherFile ? path.basename(s.otherFile) : undefined;
}

/** This file's position in its config group's reading order (0 when it is alone or a script). */
export function configIndex(file: ParsedFile, ws?: WorkspaceFacts): number {
  const others = ws?.k3sConfigFiles ?? [];
  if (!file.isYaml || others.length === 0) return 0;
  const self = path.resolve(filePathOf(file.uri));
  return Math.max(
    0,
    k3sConfigOrder(
      self,
      others.map((o) => o.path),
    ).indexOf(self),
  );
}

const INT = /^\d+$/;

/** The pod-network settings in effect, with the defaults k3s and kube-controller-manager apply. */
export interface K3sNetwork {
  maskSetting?: K3sSetting;
  /** IPv4 node mask; null when the setting does not parse. */
  mask: number | null;
  ipv6MaskSetting?: K3sSetting;
  ipv6Mask: number | null;
  clusterSetting?: K3sSetting;
  /** IPv4 cluster CIDR (the default 10.42.0.0/16 when unset); null when the setting does not parse or is IPv6 only. */
  cluster: Cidr | null;
  clusterIpv6Mask?: number;
}

export function k3sNetwork(settings: K3sSetting[]): K3sNetwork {
  const maskSetting = nodeMaskSetting(settings);
  const ipv6MaskSetting = lastSetting(settings, 'node-cidr-mask-size-ipv6', 'kube-controller-manager-arg');
  const clusterSetting = lastSetting(settings, 'cluster-cidr');
  const list = clusterSetting ? parseCidrList(clusterSetting.value) : { ipv4: parseCidr(DEFAULT_CLUSTER_CIDR)! };
  return {
    ...(maskSetting ? { maskSetting } : {}),
    mask: maskSetting ? (INT.test(maskSetting.value) ? Number(maskSetting.value) : null) : DEFAULT_NODE_MASK,
    ...(ipv6MaskSetting ? { ipv6MaskSetting } : {}),
    ipv6Mask: ipv6MaskSetting
      ? INT.test(ipv6MaskSetting.value)
        ? Number(ipv6MaskSetting.value)
        : null
      : DEFAULT_NODE_MASK_IPV6,
    ...(clusterSetting ? { clusterSetting } : {}),
    cluster: list?.ipv4 ?? null,
    ...(list?.ipv6Mask !== undefined ? { clusterIpv6Mask: list.ipv6Mask } : {}),
  };
}

/** A value that comes from a shell variable or command substitution cannot be judged. */
export function isDynamic(value: string): boolean {
  return /[$`]/.test(value);
}
