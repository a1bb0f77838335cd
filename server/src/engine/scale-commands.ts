/**
 * What scripts, Makefiles and READMEs say about the Compose files beside them: which services
 * are scaled on the command line and which files are deployed as Swarm stacks. Pure text in,
 * facts out; the CLI and the server decide which files to read.
 */
import * as path from 'node:path';
import type { Document } from 'yaml';
import { writtenReplicas } from './model/compose';
import { MAX_SCRIPT_BYTES } from './parse';
import { parseFirstDocument } from './nesting';
import { shellCommands, shellWords, type ShellWord } from './shell';
import type { ComposeFileFacts, Range, ScaleCommand, WorkspaceFacts } from './types';
import { asMap, get, keyText, pairs, stringValue } from './yaml-ast';

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
const COMPOSE_VALUE_FLAGS = new Set([
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
  '--ansi',
  '--parallel',
  '--progress',
  '-H',
  '--host',
  '--context',
  '-c',
]);

const SCALE_ARG = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$/;
/**
 * A count that stands for a number in docs and scripts: `N`, `NUM`, `$N`, `${N}`, `$(N)`, `<n>`,
 * `{n}`. The service name before it is still checkable; the count is not (Polis' docs/scaling.md
 * says `--scale polis-server=N`).
 */
const COUNT_PLACEHOLDER =
  /^(?:[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^{}]+\}|\$\([^()]+\)|<[^<>]+>|\u2039[^\u2039\u203a]+\u203a|\{[^{}]+\})$/;

interface Word {
  text: string;
  /** Offset of the word's first character (inside the quotes for a quoted word) in the scanned text. */
  start: number;
  /** Offsets of each character, when the word was read from the text (not from a variable's value). */
  at?: number[];
}

/**
 * Shell scripts are read whole, as `sh` reads them (here-documents, quotes over lines); Makefiles
 * and workflows line by line; READMEs too, where an apostrophe in a word (`don't`) is prose.
 */
type ReadMode = 'script' | 'lines' | 'markdown';

function readModeOf(filePath: string): ReadMode {
  if (/\.(sh|bash|zsh)$/i.test(filePath)) return 'script';
  return /\.(md|markdown)$/i.test(filePath) ? 'markdown' : 'lines';
}

function wordOf(w: ShellWord): Word {
  return { text: w.text, start: w.at[0] ?? w.start, at: w.at };
}

/**
 * Where each logical line starts and ends: raw lines joined at `\` continuations (the shell reader
 * removes them). Makefile recipe lines, README lines and workflow lines are each run on their own.
 */
function logicalLines(text: string): { start: number; end: number; lineNo: number }[] {
  const out: { start: number; end: number; lineNo: number }[] = [];
  let start = 0;
  let lineNo = 0;
  let line = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text[i] !== '\n') continue;
    line++;
    const raw = text.slice(start, i).replace(/\r$/, '');
    if (i < text.length && raw.endsWith('\\')) continue;
    out.push({ start, end: i, lineNo });
    start = i + 1;
    lineNo = line;
  }
  return out;
}

/** 0-based line of each offset, by binary search over the line starts. */
function lineOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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
    if (!/docker/.test(m[2]!)) continue;
    // The value's shell words, then split at blanks as an unquoted `$DC` is (field splitting).
    const value = shellWords(m[2]!)
      .flatMap((w) => w.text.split(/[ \t\n]+/))
      .filter(Boolean);
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
let lastCommands: { text: string; mode: ReadMode; list: { cmd: Word[]; lineNo: number }[] } | undefined;

/**
 * The commands of a script, each with its words and the 0-based line it starts on. Detection, the
 * rules and the workspace scan each ask for the same text: it is read once (callers only read).
 * A script above MAX_SCRIPT_BYTES has none (script/too-large reports it), rather than a frozen editor.
 */
function commands(text: string, mode: ReadMode): { cmd: Word[]; lineNo: number }[] {
  if (lastCommands?.text !== text || lastCommands.mode !== mode) {
    lastCommands = {
      text,
      mode,
      list:
        text.length > MAX_SCRIPT_BYTES
          ? []
          : [...(mode === 'script' ? readScript(text) : readLines(text, mode === 'markdown'))],
    };
  }
  return lastCommands.list;
}

/** From the `docker`/`docker-compose` word on, when a command has one. */
function composeCommand(w: Word[]): Word[] | null {
  const at = w.findIndex((x) => x.text === 'docker' || x.text === 'docker-compose');
  return at >= 0 ? w.slice(at) : null;
}

/** A shell script: every command of it (those in `$(…)` too), here-document bodies left out. */
function* readScript(text: string): Generator<{ cmd: Word[]; lineNo: number }> {
  const vars = composeVariables(text);
  const line = lineOf(text);
  for (const c of shellCommands(text)) {
    const cmd = composeCommand(expandVariables(c.words.map(wordOf), vars));
    if (cmd) yield { cmd, lineNo: line(c.words[0]!.start) };
  }
}

/** Makefiles, READMEs and workflows: each logical line read as a shell command line of its own. */
function* readLines(text: string, prose: boolean): Generator<{ cmd: Word[]; lineNo: number }> {
  const vars = composeVariables(text);
  for (const { start, end, lineNo } of logicalLines(text)) {
    // Markdown inline code (`docker compose up --scale web=3`): a backtick is a space, same length.
    let line = text.slice(start, end).replace(/`/g, ' ');
    if (!/docker|compose/.test(line) && !(vars.size > 0 && line.includes('$'))) continue;
    // A shell prompt (`$ `, `> `, `# `) is no part of the command: blanked, same length.
    line = line.replace(/^(\s*)([$#>])(?=\s|$)/, (_, s: string) => `${s} `);
    // In prose, `don't` holds no quote that would run on to the end of the line.
    if (prose) line = line.replace(/(?<=\p{L})'(?=\p{L})/gu, '\u2019');
    // In prose, `<n>` right after `=` is a placeholder to fill in (`--scale web=<n>`), not redirections:
    // its angle brackets become ‹ › (same length), which COUNT_PLACEHOLDER reads as a placeholder.
    if (prose) line = line.replace(/=<([^<>\s]+)>/g, '=\u2039$1\u203a');
    for (const c of shellCommands(line, start)) {
      const w = c.words.map(wordOf);
      // Makefile recipe prefixes (`@`, `-`, `+`) on the first word.
      const prefix = /^[@+-]*/.exec(w[0]!.text)![0].length;
      if (prefix > 0)
        w[0] = {
          text: w[0]!.text.slice(prefix),
          start: w[0]!.at?.[prefix] ?? w[0]!.start + prefix,
          at: w[0]!.at?.slice(prefix),
        };
      const cmd = composeCommand(expandVariables(w, vars));
      if (cmd) yield { cmd, lineNo };
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
  /**
   * Set when the command runs `docker-compose` (Compose v1, or a v2 binary of that name): the
   * subcommand (`up`, `scale`) and where the `docker-compose` word is, when it is written out
   * (not when it comes from a variable such as `$(COMPOSE)`).
   */
  legacyProgram?: { subcommand?: string; range?: Range };
}

/** The `docker-compose` word's place, when it is written out in one piece (not from a variable, not quoted in parts). */
function legacyProgramOf(
  word: Word,
  subcommand: string | undefined,
): NonNullable<LocatedScaleCommand['legacyProgram']> {
  const at = word.at;
  const start = at?.[0];
  const end = at && at.length > 0 ? at[at.length - 1]! + 1 : undefined;
  const whole = start !== undefined && end !== undefined && end - start === word.text.length;
  return {
    ...(subcommand !== undefined ? { subcommand } : {}),
    ...(whole ? { range: { start, end } } : {}),
  };
}

/** Every scale command in a script, Makefile or README, with where its service name is. */
export function locateScaleCommands(filePath: string, text: string): LocatedScaleCommand[] {
  const name = path.basename(filePath);
  const out: LocatedScaleCommand[] = [];
  for (const { cmd, lineNo } of commands(text, readModeOf(filePath))) {
    const where = `${name}:${lineNo + 1}`;
    const isV1 = cmd[0]!.text === 'docker-compose';
    const push = (
      spec: string | undefined,
      start: number,
      tool: 'compose' | 'swarm',
      files: string[],
      projectDirectory?: string,
      legacyProgram?: LocatedScaleCommand['legacyProgram'],
    ) => {
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
        ...(legacyProgram ? { legacyProgram } : {}),
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
      const legacy = isV1 ? legacyProgramOf(cmd[0]!, subcommand) : undefined;
      for (let i = sub + 1; sub >= 0 && i < rest.length; i++) {
        const arg = rest[i]!;
        if (arg.text === '--scale')
          push(rest[i + 1]?.text, rest[i + 1]?.start ?? 0, 'compose', files, projectDirectory, legacy);
        else if (arg.text.startsWith('--scale='))
          push(
            arg.text.slice('--scale='.length),
            arg.at?.['--scale='.length] ?? arg.start + '--scale='.length,
            'compose',
            files,
            projectDirectory,
            legacy,
          );
        else if (subcommand === 'scale') push(arg.text, arg.start, 'compose', files, projectDirectory, legacy);
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
    if (c.replicas !== undefined)
      into.scaleCommands.push({
        service: c.service,
        replicas: c.replicas,
        where: c.where,
        tool: c.tool,
      } satisfies ScaleCommand);
  }
  for (const { cmd } of commands(text, readModeOf(filePath))) {
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
    if (c.tool === 'swarm')
      for (let i = c.service.indexOf('_'); i !== -1; i = c.service.indexOf('_', i + 1))
        offer(c.service.slice(i + 1), c);
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
export const DEFAULT_OVERRIDE_FILES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/**
 * Whether a YAML file named `name`, in a folder `levelsUp` above a script that runs Compose, can be
 * a Compose file of its commands: in the script's own folder any YAML can (`-f deploy.yml`); in the
 * folders above only the names Compose itself looks for when it walks up (compose-go
 * `cli.DefaultFileNames` and `DefaultOverrideFileNames`). So a workspace without `.git` does not
 * read every YAML file of the folders around it (a home folder's `notes.yml`).
 */
export function composeCandidateAbove(name: string, levelsUp: number): boolean {
  if (!/\.ya?ml$/i.test(name)) return false;
  return levelsUp === 0 || DEFAULT_COMPOSE_FILES.includes(name) || DEFAULT_OVERRIDE_FILES.includes(name);
}

/** Records what a Compose file defines, for rules that read scripts against it. Not Compose: nothing. */
export function scanComposeFile(
  filePath: string,
  text: string,
  into: WorkspaceFacts = emptyWorkspace(),
): WorkspaceFacts {
  if (!mayBeCompose(text)) return into;
  let doc;
  try {
    // Bounded nesting: the workspace scan must not overflow the stack on a deep file either.
    doc = parseFirstDocument(text);
  } catch {
    return into;
  }
  return doc ? scanComposeDocument(filePath, doc, into) : into;
}

/** Cheap first look: a Compose file has a top-level `services:` key. */
export function mayBeCompose(text: string): boolean {
  return /^services[ \t]*:/m.test(text);
}

/**
 * What `scanComposeFile` records, from the file's first document already parsed (as
 * `parseFirstDocument` parses it): the CLI hands over the document its lint parsed, not a second parse.
 */
export function scanComposeDocument(
  filePath: string,
  doc: Document.Parsed,
  into: WorkspaceFacts = emptyWorkspace(),
): WorkspaceFacts {
  const services = asMap(get(asMap(doc.contents, doc), 'services', doc), doc);
  if (!services) return into;
  // Keyed by the file's own names: without a prototype, `__proto__` or `constructor` is just a name.
  const facts: ComposeFileFacts = {
    path: path.resolve(filePath),
    services: [],
    containerNames: Object.create(null),
    images: Object.create(null),
    scales: Object.create(null),
  };
  for (const p of pairs(services)) {
    const name = keyText(p);
    if (name === null) continue;
    facts.services.push(name);
    const svc = asMap(p.value, doc);
    const containerName = stringValue(get(svc, 'container_name', doc), doc);
    if (containerName) facts.containerNames[containerName] = name;
    const image = stringValue(get(svc, 'image', doc), doc);
    if (image) facts.images[name] = image;
    const scale = svc ? writtenReplicas({ map: svc, doc })?.count : undefined;
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
export function composeTargets(
  command: LocatedScaleCommand,
  sourcePath: string,
  ws: WorkspaceFacts,
): ComposeFileFacts[] | undefined {
  const known = new Map((ws.composeFiles ?? []).map((f) => [f.path, f]));
  if (known.size === 0) return undefined;
  const base = path.dirname(path.resolve(sourcePath));
  if (command.tool === 'swarm') {
    const stacks = ws.stackFiles
      .map((f) => known.get(path.resolve(f)))
      .filter((f): f is ComposeFileFacts => f !== undefined);
    if (stacks.length > 0) return stacks;
  }
  if (command.files.length > 0) {
    const out: ComposeFileFacts[] = [];
    for (const f of command.files) {
      if (f.includes('$') || f === '-') return undefined;
      const hit = folders(base)
        .map((d) => known.get(path.resolve(d, f)))
        .find((x) => x !== undefined);
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
