/**
 * DRAKVUF Sandbox configuration (DOMAIN-FACTS §6): `/etc/drakrun/config.toml` of v0.19+ (read by
 * pydantic from TOML) and the legacy v0.18 INI files `/etc/drakrun/config.ini` and
 * `/etc/drakcore/config.ini` (read by configparser, model/ini.ts). Both become one list of
 * settings, `section.key = value` with the exact ranges of the key and the value, so the rules
 * read one shape whatever the format.
 */
import { parseTOML, type AST } from 'toml-eslint-parser';
import { filePathOf } from '../detect';
import type { FileKind, ParsedFile, Range, WorkspaceFacts } from '../types';
import { memoized } from './memo';
import { readIni } from './ini';

export interface DrakrunSetting {
  /** The table or INI section: `redis`, `s3`, `minio`; a dotted table (`preset.x`) as written. */
  section: string;
  key: string;
  /** The value as text: a TOML string's content, a number or boolean as written by String(); an INI value as configparser returns it. */
  value: string;
  /** `string`, `integer`, `boolean`, ... for TOML; `ini` for every INI value (configparser reads text). */
  type: string;
  keyRange: Range;
  valueRange: Range;
  /** The key through the value: where findings go. */
  range: Range;
}

export interface DrakrunConfig {
  format: 'toml' | 'ini';
  settings: DrakrunSetting[];
  /** Why the file did not parse (drakrun would not start), when it did not. */
  problems: { message: string; range: Range }[];
}

function range(node: { range: [number, number] }): Range {
  return { start: node.range[0], end: node.range[1] };
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value;
}

/** Every key = value of a TOML document, under its full dotted path; inline tables are followed. */
function tomlSettings(text: string): DrakrunConfig {
  const out: DrakrunConfig = { format: 'toml', settings: [], problems: [] };
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (err) {
    const e = err as { message?: string; index?: number };
    const at = Math.min(Math.max(e.index ?? 0, 0), text.length);
    out.problems.push({ message: String(e.message ?? err), range: { start: at, end: Math.min(at + 1, text.length) } });
    return out;
  }
  const visit = (prefix: readonly (string | number)[], kv: AST.TOMLKeyValue): void => {
    const full = [...prefix, ...kv.key.keys.map(keyName)];
    const v = kv.value;
    if (v.type === 'TOMLInlineTable') {
      for (const inner of v.body) visit(full, inner);
      return;
    }
    if (full.length < 2) return; // a top-level key belongs to no section drakrun reads
    out.settings.push({
      section: full.slice(0, -1).join('.'),
      key: String(full[full.length - 1]),
      value: v.type === 'TOMLValue' ? String(v.value) : '',
      type: v.type === 'TOMLValue' ? v.kind : 'array',
      keyRange: range(kv.key),
      valueRange: range(v),
      range: range(kv),
    });
  };
  for (const top of program.body) {
    for (const item of top.body) {
      if (item.type === 'TOMLKeyValue') visit([], item);
      else for (const kv of item.body) visit(item.resolvedKey, kv);
    }
  }
  return out;
}

function iniSettings(text: string): DrakrunConfig {
  const ini = readIni(text);
  return {
    format: 'ini',
    settings: ini.entries.map((e) => ({
      section: e.section,
      key: e.key,
      value: e.value,
      type: 'ini',
      keyRange: e.keyRange,
      valueRange: e.valueRange,
      range: e.range,
    })),
    problems: ini.problems,
  };
}

/** The settings of a DRAKVUF Sandbox config file (a `drakrun-config` is TOML, a `drakrun-ini` INI). */
export function drakrunSettings(file: ParsedFile, kind: FileKind): DrakrunSetting[] {
  return drakrunConfig(file, kind).settings;
}

/** The settings and the parse problems of a DRAKVUF Sandbox config file. */
export function drakrunConfig(file: ParsedFile, kind: FileKind): DrakrunConfig {
  return memoized(file, `drakrun:${kind}`, (f) =>
    kind === 'drakrun-ini' ? iniSettings(f.text) : tomlSettings(f.text),
  );
}

/** A setting by section and key (INI keys are lowercased, so `key` is given in lower case). */
export function drakrunSetting(
  settings: readonly DrakrunSetting[],
  section: string,
  key: string,
): DrakrunSetting | undefined {
  return settings.find((s) => s.section === section && s.key === key);
}

const INI_PAIR = /^(.*)\/(drakrun|drakcore)\/config\.ini$/;

/**
 * The two legacy INI files that must agree: `…/drakrun/config.ini` and `…/drakcore/config.ini`
 * beside it (the v0.18 packages install them as /etc/drakrun and /etc/drakcore), `/`-separated.
 * Null for any other path.
 */
export function drakrunIniPair(file: string): { component: 'drakrun' | 'drakcore'; other: string } | null {
  const posix = file.replace(/\\/g, '/');
  const m = INI_PAIR.exec(posix);
  if (!m) return null;
  const component = m[2] as 'drakrun' | 'drakcore';
  const other = `${m[1]}/${component === 'drakrun' ? 'drakcore' : 'drakrun'}/config.ini`;
  return { component, other };
}

export interface DrakrunIniPeer {
  /** The other file, as the workspace facts name it. */
  path: string;
  component: 'drakrun' | 'drakcore';
  settings: DrakrunSetting[];
}

/** The other legacy INI file of this one's pair, read from the workspace facts (none when it is not there). */
export function drakrunIniPeers(file: ParsedFile, ws: WorkspaceFacts): DrakrunIniPeer[] {
  return memoized(
    file,
    'drakrunIniPeers',
    (f) => {
      const pair = drakrunIniPair(filePathOf(f.uri));
      if (!pair) return [];
      const norm = (p: string) => p.replace(/\\/g, '/');
      const other = (ws.drakrunIniFiles ?? []).find((o) => norm(o.path) === norm(pair.other));
      if (!other) return [];
      return [
        {
          path: other.path,
          component: pair.component === 'drakrun' ? ('drakcore' as const) : ('drakrun' as const),
          settings: iniSettings(other.text).settings,
        },
      ];
    },
    ws,
  );
}

/**
 * The host an address names: a Redis `host` as it is, a MinIO `address` (`host:port`) or an S3
 * `address` URL (`http://host:port/`) without scheme, credentials, port and path.
 */
export function addressHost(value: string): string {
  let rest = value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.replace(/[/?#].*$/, '');
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  if (rest.startsWith('[')) return rest.slice(1, rest.indexOf(']') === -1 ? undefined : rest.indexOf(']'));
  // Two colons or more: a bare IPv6 address (`::1`), which has no port without brackets.
  if (rest.indexOf(':') !== rest.lastIndexOf(':')) return rest;
  return rest.split(':')[0]!;
}

/**
 * Whether a host is this machine: `localhost` (and `*.localhost`, RFC 6761 §6.3), the IPv4
 * loopback 127.0.0.0/8 and IPv6 `::1` (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3), and the unspecified
 * addresses 0.0.0.0 and `::`, which Linux connects to as the local host.
 */
export function isLocalHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '0.0.0.0') return true;
  return h === '::1' || h === '::' || /^(0{1,4}:){7}0{0,3}1$/.test(h);
}
