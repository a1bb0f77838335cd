/**
 * k3s settings wherever they are written: `config.yaml` (scalars, lists, `key+` appends) and
 * install scripts (`sh -s - ARGS`, `INSTALL_K3S_EXEC="..."`, `k3s server ARGS`). Each value keeps
 * its range so a finding lands on the exact flag.
 */
import { isSeq } from 'yaml';
import type { ParsedFile, Range } from '../types';
import { asMap, deref, keyText, nodeRange, pairs, stringValue } from '../yaml-ast';

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
}

/** k3s flags that take a value, so `--flag value` reads the next word. */
const VALUE_FLAGS = new Set([
  'kubelet-arg', 'kube-controller-manager-arg', 'kube-apiserver-arg', 'kube-scheduler-arg', 'kube-proxy-arg', 'etcd-arg',
  'kube-cloud-controller-manager-arg', 'cluster-cidr', 'service-cidr', 'cluster-dns', 'cluster-domain', 'flannel-backend',
  'token', 't', 'server', 's', 'node-name', 'node-ip', 'node-external-ip', 'node-label', 'node-taint', 'tls-san',
  'data-dir', 'd', 'disable', 'config', 'c', 'write-kubeconfig-mode', 'service-node-port-range', 'datastore-endpoint',
  'token-file', 'agent-token', 'bind-address', 'advertise-address', 'https-listen-port', 'default-local-storage-path',
]);

export const ARG_PARENTS = new Set([...VALUE_FLAGS].filter((f) => f.endsWith('-arg')));

function splitInner(name: string, value: string, range: Range, insertAt: number, source: K3sSetting['source']): K3sSetting {
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
        const text = stringValue(item, d.doc);
        if (text === undefined) continue;
        const r = nodeRange(deref(item, d.doc));
        out.push(splitInner(name, text, r, r.end, 'config'));
      }
    }
  }
  return out;
}

interface Word {
  text: string;
  start: number;
  end: number;
}

/** The length of a `\` line continuation (LF or CRLF) at `i`, else 0. */
function continuation(text: string, i: number): number {
  if (text[i] !== '\\') return 0;
  if (text[i + 1] === '\n') return 2;
  return text[i + 1] === '\r' && text[i + 2] === '\n' ? 3 : 0;
}

/** Shell words with offsets; quotes are removed from `text` but kept inside the range. */
export function shellWords(text: string, base = 0): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < text.length) {
    // A continuation between two words separates them like a space (a flag and its value on two lines).
    while (i < text.length && (/[ \t\r\n|;&()]/.test(text[i]!) || continuation(text, i) > 0)) i += continuation(text, i) || 1;
    if (text[i] === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (i >= text.length) break;
    const start = i;
    let word = '';
    while (i < text.length && !/[ \t\r\n|;&()]/.test(text[i]!)) {
      const c = text[i]!;
      if (continuation(text, i) > 0) i += continuation(text, i);
      else if (c === '"' || c === "'") {
        const close = text.indexOf(c, i + 1);
        const end = close < 0 ? text.length : close;
        word += text.slice(i + 1, end);
        i = end + 1;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ text: word, start: base + start, end: base + Math.min(i, text.length) });
  }
  return out;
}

export function k3sSettingsFromScript(text: string): K3sSetting[] {
  const out: K3sSetting[] = [];
  const words = shellWords(text);
  const expanded: Word[] = [];
  for (const w of words) {
    const exec = /^INSTALL_K3S_EXEC=/.exec(w.text);
    if (exec) {
      // Re-read the quoted value with its own offsets: `INSTALL_K3S_EXEC="server --x=1"`.
      const raw = text.slice(w.start, w.end);
      const valueStart = raw.indexOf('=') + 1;
      const quoted = /^["']/.test(raw.slice(valueStart)) ? 1 : 0;
      const inner = raw.slice(valueStart + quoted, raw.length - (quoted && /["']$/.test(raw) ? 1 : 0));
      expanded.push(...shellWords(inner, w.start + valueStart + quoted));
    } else expanded.push(w);
  }
  for (let i = 0; i < expanded.length; i++) {
    const w = expanded[i]!;
    const m = /^--?([a-z0-9][a-z0-9-]*)(?:=(.*))?$/s.exec(w.text);
    if (!m) continue;
    const name = m[1]!;
    if (m[2] !== undefined) {
      out.push(splitInner(name, m[2], { start: w.start, end: w.end }, w.end, 'install'));
    } else if (VALUE_FLAGS.has(name) && expanded[i + 1] && !expanded[i + 1]!.text.startsWith('-')) {
      const v = expanded[++i]!;
      out.push(splitInner(name, v.text, { start: w.start, end: v.end }, v.end, 'install'));
    }
  }
  return out;
}

export function k3sSettings(file: ParsedFile): K3sSetting[] {
  return file.isYaml ? k3sSettingsFromConfig(file) : k3sSettingsFromScript(file.text);
}

/** The last occurrence wins, as with repeated flags and config files. */
export function lastSetting(settings: K3sSetting[], name: string, parent?: string): K3sSetting | undefined {
  let found: K3sSetting | undefined;
  for (const s of settings) if (s.name === name && s.parent === parent) found = s;
  return found;
}
