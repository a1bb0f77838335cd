/**
 * What scripts, Makefiles and READMEs say about the Compose files beside them: which services
 * are scaled on the command line and which files are deployed as Swarm stacks. Pure text in,
 * facts out; the CLI and the server decide which files to read.
 */
import * as path from 'node:path';
import { MAX_SCRIPT_BYTES } from './parse';
import { parseFirstDocument } from './nesting';
import type { ComposeFileFacts, Range, ScaleCommand, WorkspaceFacts } from './types';
import { asMap, get, getPath, intValue, keyText, pairs, stringValue } from './yaml-ast';

export function emptyWorkspace(): WorkspaceFacts {
  return { scaleCommands: [], stackFiles: [] };
}

/** Files worth scanning for commands: scripts, Makefiles, READMEs and CI workflows. */
export function isCommandSource(filePath: string): boolean {
  const base = path.basename(filePath);
  if (/^(Makefile|makefile|GNUmakefile|Justfile|Taskfile)$/.test(base)) return true;
  if (/\.(sh|bash|zsh|md|markdown|mk)$/i.test(base)) return true;
  return /[\\/]\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(filePath);
}

/** Compose global flags that take a value, so the word after them is not the subcommand. */
const COMPOSE_VALUE_FLAGS = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--parallel', '--progress', '-H', '--host', '--context', '-c']);

const SCALE_ARG = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$/;
/**
 * A count that stands for a number in docs and scripts: `N`, `NUM`, `$N`, `${N}`, `$(N)`, `<n>`,
 * `{n}`. The service name before it is still checkable; the count is not (Polis' docs/scaling.md
 * says `--scale polis-server=N`).
 */
const COUNT_PLACEHOLDER = /^(?:[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^{}]+\}|\$\([^()]+\)|<[^<>]+>|\{[^{}]+\})$/;

interface Word {
  text: string;
  /** Offset of the word's first character (inside the quotes for a quoted word) in the scanned text. */
  start: number;
}

/** Splits a shell line into words; good enough for command detection, never executed. */
function words(line: string, offsetAt: (i: number) => number, from: number): Word[] {
  const out: Word[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const quoted = m[1] !== undefined || m[2] !== undefined;
    out.push({ text: m[1] ?? m[2] ?? m[3] ?? '', start: offsetAt(from + m.index + (quoted ? 1 : 0)) });
  }
  return out;
}

/** One logical line: raw lines joined at `\` continuations; `parts` are where each raw piece starts in the text. */
interface LogicalLine {
  line: string;
  lineNo: number;
  parts: { at: number; length: number }[];
}

/**
 * Joins `\` continuations so that a command split over lines is read as one (the backslash
 * becomes a space and keeps its own offset). Each piece is copied once: growing the joined line
 * and its offsets piece by piece copied them again at every join, which was quadratic (8,000
 * continuation lines: 19.5 s).
 */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const raw = text.split(/\r?\n/);
  let pos = 0;
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i;
    const pieces: string[] = [];
    const parts: LogicalLine['parts'] = [];
    for (;;) {
      const l = raw[i]!;
      const joined = l.endsWith('\\') && i + 1 < raw.length;
      pieces.push(joined ? `${l.slice(0, -1)} ` : l);
      parts.push({ at: pos, length: l.length });
      pos += l.length + 1 + (text[pos + l.length] === '\r' ? 1 : 0);
      if (!joined) break;
      i++;
    }
    out.push({ line: pieces.length === 1 ? pieces[0]! : pieces.join(''), lineNo, parts });
  }
  return out;
}

/** Where the logical line's character i sits in the text: in its piece, found by binary search. */
function offsetsOf(parts: LogicalLine['parts']): (i: number) => number {
  const first = parts[0]!.at;
  if (parts.length === 1) return (i) => first + i;
  const starts: number[] = [];
  let length = 0;
  for (const p of parts) {
    starts.push(length);
    length += p.length;
  }
  return (i) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return parts[lo]!.at + (i - starts[lo]!);
  };
}

/**
 * Variables that hold a Compose command, from Makefile (`COMPOSE ?= docker compose -f a.yml`)
 * and shell (`DC="docker-compose"`) assignments, so `$(COMPOSE) up --scale web=3` is read too.
 */
function composeVariables(text: string): Map<string, string[]> {
  const vars = new Map<string, string[]>();
  if (!text.includes('=')) return vars;
  const assign = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::{1,3}=|\?=|=)[ \t]*(.*?)[ \t]*$/gm;
  for (let m = assign.exec(text); m; m = assign.exec(text)) {
    const value = m[2]!.replace(/^(["'])(.*)\1$/, '$2').split(/\s+/).filter(Boolean);
    if (value[0] === 'docker-compose' || (value[0] === 'docker' && value[1] === 'compose')) vars.set(m[1]!, value);
  }
  return vars;
}

/** `$(COMPOSE)`, `${COMPOSE}`, `$COMPOSE` replaced by the words of its value, each placed on the variable. */
function expandVariables(w: Word[], vars: Map<string, string[]>): Word[] {
  if (vars.size === 0) return w;
  return w.flatMap((x) => {
    const m = /^\$(?:\(([A-Za-z_][A-Za-z0-9_]*)\)|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(x.text);
    const value = m ? vars.get(m[1] ?? m[2] ?? m[3]!) : undefined;
    return value ? value.map((text) => ({ text, start: x.start })) : [x];
  });
}

/** The script `commands` read last, and its commands. */
let lastCommands: { text: string; list: { cmd: Word[]; lineNo: number }[] } | undefined;

/**
 * The commands of a script, each with its words and the 0-based line it starts on. Detection, the
 * rules and the workspace scan each ask for the same text: it is read once (callers only read).
 * A script above MAX_SCRIPT_BYTES has none (script/too-large reports it), rather than a frozen editor.
 */
function commands(text: string): { cmd: Word[]; lineNo: number }[] {
  if (lastCommands?.text !== text) lastCommands = { text, list: text.length > MAX_SCRIPT_BYTES ? [] : [...readCommands(text)] };
  return lastCommands.list;
}

function* readCommands(text: string): Generator<{ cmd: Word[]; lineNo: number }> {
  const vars = composeVariables(text);
  for (const { line: raw, lineNo, parts } of logicalLines(text)) {
    // Markdown inline code (`docker compose up --scale web=3`): a backtick is a space, same length.
    const line = raw.replace(/`/g, ' ');
    if (!/docker|compose/.test(line) && !(vars.size > 0 && line.includes('$'))) continue;
    const offsetAt = offsetsOf(parts);
    // A line may hold several commands (`a && b; c`).
    const sep = /&&|\|\||;|\|/g;
    let from = 0;
    for (;;) {
      const m = sep.exec(line);
      const to = m ? m.index : line.length;
      const segment = line.slice(from, to);
      // A shell prompt (`$ `, `> `, `# `), then Makefile recipe prefixes (`@`, `-`, `+`).
      const prompt = /^\s*(?:[$#>](?=\s|$)\s*)?[@+-]*/.exec(segment);
      const skip = prompt ? prompt[0].length : 0;
      const w = expandVariables(words(segment.slice(skip), offsetAt, from + skip), vars);
      const at = w.findIndex((x) => x.text === 'docker' || x.text === 'docker-compose');
      if (at >= 0) yield { cmd: w.slice(at), lineNo };
      if (!m) break;
      from = m.index + m[0].length;
    }
  }
}

/** A `SERVICE=N` of a scale command, located in the text it was found in. */
export interface LocatedScaleCommand extends Omit<ScaleCommand, 'replicas'> {
  /** Undefined when the count is a placeholder (`N`, `$N`, `<n>`): only the name can be judged. */
  replicas?: number;
  /** The `SERVICE` part of `SERVICE=N`. */
  range: Range;
  /** `-f`/`--file` values as written (compose commands), in order. */
  files: string[];
  /** `--project-directory`, when given. */
  projectDirectory?: string;
}

/** Every scale command in a script, Makefile or README, with where its service name is. */
export function locateScaleCommands(filePath: string, text: string): LocatedScaleCommand[] {
  const name = path.basename(filePath);
  const out: LocatedScaleCommand[] = [];
  for (const { cmd, lineNo } of commands(text)) {
    const where = `${name}:${lineNo + 1}`;
    const isV1 = cmd[0]!.text === 'docker-compose';
    const push = (spec: string | undefined, start: number, tool: 'compose' | 'swarm', files: string[], projectDirectory?: string) => {
      const m = spec ? SCALE_ARG.exec(spec) : null;
      const count = m?.[2];
      if (!m || !count || !(/^\d+$/.test(count) || COUNT_PLACEHOLDER.test(count))) return;
      out.push({
        service: m[1]!,
        ...(/^\d+$/.test(count) ? { replicas: Number(count) } : {}),
        where,
        tool,
        range: { start, end: start + m[1]!.length },
        files,
        ...(projectDirectory !== undefined ? { projectDirectory } : {}),
      });
    };
    if (isV1 || cmd[1]?.text === 'compose') {
      const rest = cmd.slice(isV1 ? 1 : 2);
      const files: string[] = [];
      let projectDirectory: string | undefined;
      let sub = -1;
      for (let i = 0; i < rest.length; i++) {
        const arg = rest[i]!.text;
        if (COMPOSE_VALUE_FLAGS.has(arg)) {
          if ((arg === '-f' || arg === '--file') && rest[i + 1]) files.push(rest[i + 1]!.text);
          if (arg === '--project-directory' && rest[i + 1]) projectDirectory = rest[i + 1]!.text;
          i++;
        } else if (arg.startsWith('--file=')) files.push(arg.slice('--file='.length));
        else if (arg.startsWith('--project-directory=')) projectDirectory = arg.slice('--project-directory='.length);
        else if (!arg.startsWith('-')) {
          sub = i;
          break;
        }
      }
      const subcommand = rest[sub]?.text;
      for (let i = sub + 1; sub >= 0 && i < rest.length; i++) {
        const arg = rest[i]!;
        if (arg.text === '--scale') push(rest[i + 1]?.text, rest[i + 1]?.start ?? 0, 'compose', files, projectDirectory);
        else if (arg.text.startsWith('--scale=')) push(arg.text.slice('--scale='.length), arg.start + '--scale='.length, 'compose', files, projectDirectory);
        else if (subcommand === 'scale') push(arg.text, arg.start, 'compose', files, projectDirectory);
      }
    } else if (cmd[1]?.text === 'service' && cmd[2]?.text === 'scale') {
      for (const arg of cmd.slice(3)) push(arg.text, arg.start, 'swarm', []);
    }
  }
  return out;
}

export function scanCommands(filePath: string, text: string, into: WorkspaceFacts = emptyWorkspace()): WorkspaceFacts {
  const dir = path.dirname(filePath);
  for (const c of locateScaleCommands(filePath, text)) {
    // A placeholder count scales nothing the rules could judge.
    if (c.replicas !== undefined) into.scaleCommands.push({ service: c.service, replicas: c.replicas, where: c.where, tool: c.tool } satisfies ScaleCommand);
  }
  for (const { cmd } of commands(text)) {
    const w = cmd.map((x) => x.text);
    if (w[1] === 'stack' && (w[2] === 'deploy' || w[2] === 'up')) {
      for (let i = 3; i < w.length; i++) {
        const arg = w[i]!;
        let file: string | undefined;
        if (arg === '-c' || arg === '--compose-file') file = w[i + 1];
        else if (arg.startsWith('--compose-file=')) file = arg.slice('--compose-file='.length);
        if (file && !file.includes('$') && file !== '-') into.stackFiles.push(path.resolve(dir, file));
      }
    }
  }
  return into;
}

/**
 * The scale a script asks for, for a service of the Compose file at `filePath`. Swarm names
 * services `<stack>_<service>`, so a `docker service scale x_web=3` counts for `web`.
 */
/** Per list of scale commands, the largest one per name it may scale (asked once per service: a scan per service was services × commands). */
const scaleIndexes = new WeakMap<readonly ScaleCommand[], { length: number; index: Map<string, ScaleCommand> }>();

function scaleIndex(commands: readonly ScaleCommand[]): Map<string, ScaleCommand> {
  // Lists grow while a workspace is scanned (scanCommands pushes): a longer list is indexed again.
  const known = scaleIndexes.get(commands);
  if (known && known.length === commands.length) return known.index;
  const index = new Map<string, ScaleCommand>();
  const offer = (name: string, c: ScaleCommand) => {
    const best = index.get(name);
    if (!best || c.replicas > best.replicas) index.set(name, c);
  };
  for (const c of commands) {
    offer(c.service, c);
    // `docker service scale STACK_web=3` scales `web` of any stack: every suffix after a `_`.
    if (c.tool === 'swarm') for (let i = c.service.indexOf('_'); i !== -1; i = c.service.indexOf('_', i + 1)) offer(c.service.slice(i + 1), c);
  }
  scaleIndexes.set(commands, { length: commands.length, index });
  return index;
}

export function scriptedScale(ws: WorkspaceFacts, service: string): ScaleCommand | undefined {
  return scaleIndex(ws.scaleCommands).get(service);
}

export function isStackFile(ws: WorkspaceFacts, filePath: string): boolean {
  const resolved = path.resolve(filePath);
  return ws.stackFiles.some((f) => f === resolved);
}

/** The names Compose looks for when no `-f` is given, in its order (compose-go `cli.DefaultFileNames`). */
export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** Merged over the default file from the same folder (compose-go `cli.DefaultOverrideFileNames`). */
export const DEFAULT_OVERRIDE_FILES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Records what a Compose file defines, for rules that read scripts against it. Not Compose: nothing. */
export function scanComposeFile(filePath: string, text: string, into: WorkspaceFacts = emptyWorkspace()): WorkspaceFacts {
  // Cheap first look: a Compose file has a top-level `services:` key.
  if (!/^services[ \t]*:/m.test(text)) return into;
  let doc;
  try {
    // Bounded nesting: the workspace scan must not overflow the stack on a deep file either.
    doc = parseFirstDocument(text);
  } catch {
    return into;
  }
  if (!doc) return into;
  const services = asMap(get(asMap(doc.contents, doc), 'services', doc), doc);
  if (!services) return into;
  // Keyed by the file's own names: without a prototype, `__proto__` or `constructor` is just a name.
  const facts: ComposeFileFacts = { path: path.resolve(filePath), services: [], containerNames: Object.create(null), images: Object.create(null), scales: Object.create(null) };
  for (const p of pairs(services)) {
    const name = keyText(p);
    if (name === null) continue;
    facts.services.push(name);
    const svc = asMap(p.value, doc);
    const containerName = stringValue(get(svc, 'container_name', doc), doc);
    if (containerName) facts.containerNames[containerName] = name;
    const image = stringValue(get(svc, 'image', doc), doc);
    if (image) facts.images[name] = image;
    const scale = intValue(get(svc, 'scale', doc), doc) ?? intValue(getPath(svc, ['deploy', 'replicas'], doc), doc);
    if (scale !== undefined) facts.scales[name] = scale;
  }
  const list = (into.composeFiles ??= []);
  const at = list.findIndex((f) => f.path === facts.path);
  if (at >= 0) list[at] = facts;
  else list.push(facts);
  return into;
}

/** The folder a script's commands run in, then its parents (a script in `scripts/` often `cd ..`s first). */
function folders(from: string, max = 8): string[] {
  const out: string[] = [];
  let dir = from;
  for (let i = 0; i < max; i++) {
    out.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

/**
 * The Compose files a scale command in the script at `sourcePath` works on, from what the
 * workspace knows: the `-f` files (resolved against the script's folder, then its parents), or
 * the default file plus its override found by walking up from the script's folder, as Compose
 * does from the working directory. Undefined when they cannot be told (a variable, an unknown file).
 */
export function composeTargets(command: LocatedScaleCommand, sourcePath: string, ws: WorkspaceFacts): ComposeFileFacts[] | undefined {
  const known = new Map((ws.composeFiles ?? []).map((f) => [f.path, f]));
  if (known.size === 0) return undefined;
  const base = path.dirname(path.resolve(sourcePath));
  if (command.tool === 'swarm') {
    const stacks = ws.stackFiles.map((f) => known.get(path.resolve(f))).filter((f): f is ComposeFileFacts => f !== undefined);
    if (stacks.length > 0) return stacks;
  }
  if (command.files.length > 0) {
    const out: ComposeFileFacts[] = [];
    for (const f of command.files) {
      if (f.includes('$') || f === '-') return undefined;
      const hit = folders(base).map((d) => known.get(path.resolve(d, f))).find((x) => x !== undefined);
      if (!hit) return undefined;
      out.push(hit);
    }
    return out;
  }
  if (command.projectDirectory !== undefined && command.projectDirectory.includes('$')) return undefined;
  const start = command.projectDirectory !== undefined ? path.resolve(base, command.projectDirectory) : base;
  for (const dir of folders(start)) {
    const main = DEFAULT_COMPOSE_FILES.map((n) => known.get(path.join(dir, n))).find((x) => x !== undefined);
    if (!main) continue;
    const override = DEFAULT_OVERRIDE_FILES.map((n) => known.get(path.join(dir, n))).find((x) => x !== undefined);
    return override ? [main, override] : [main];
  }
  return undefined;
}
