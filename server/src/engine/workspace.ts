/**
 * What scripts, Makefiles and READMEs say about the Compose files beside them: which services
 * are scaled on the command line and which files are deployed as Swarm stacks. Pure text in,
 * facts out; the CLI and the server decide which files to read.
 */
import * as path from 'node:path';
import type { ScaleCommand, WorkspaceFacts } from './types';

export function emptyWorkspace(): WorkspaceFacts {
  return { scaleCommands: [], stackFiles: [] };
}

/** Files worth scanning for commands: scripts, Makefiles, READMEs and CI workflows. */
export function isCommandSource(filePath: string): boolean {
  const base = path.basename(filePath);
  if (/^(Makefile|GNUmakefile|Justfile|Taskfile)$/.test(base)) return true;
  if (/\.(sh|bash|zsh|md|mk)$/i.test(base)) return true;
  return /[\\/]\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(filePath);
}

/** Compose global flags that take a value, so the word after them is not the subcommand. */
const COMPOSE_VALUE_FLAGS = new Set(['-f', '--file', '-p', '--project-name', '--profile', '--env-file', '--project-directory', '--ansi', '--parallel', '--progress', '-H', '--host', '--context', '-c']);

const SCALE_ARG = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(\d+)$/;

/** Splits a shell line into words; good enough for command detection, never executed. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** Joins `\` continuations so that a command split over lines is read as one. */
function logicalLines(text: string): { line: string; lineNo: number }[] {
  const out: { line: string; lineNo: number }[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i;
    let line = raw[i]!;
    while (line.endsWith('\\') && i + 1 < raw.length) line = line.slice(0, -1) + ' ' + raw[++i];
    out.push({ line, lineNo });
  }
  return out;
}

export function scanCommands(filePath: string, text: string, into: WorkspaceFacts = emptyWorkspace()): WorkspaceFacts {
  const dir = path.dirname(filePath);
  const name = path.basename(filePath);
  for (const { line, lineNo } of logicalLines(text)) {
    if (!/docker|compose/.test(line)) continue;
    // A line may hold several commands (`a && b; c`).
    for (const segment of line.split(/&&|\|\||;|\|/)) {
      const w = words(segment.replace(/^\s*(\$|#|>)\s*/, ''));
      const where = `${name}:${lineNo + 1}`;
      const at = w.findIndex((x) => x === 'docker' || x === 'docker-compose');
      if (at < 0) continue;
      const cmd = w.slice(at);
      const isV1 = cmd[0] === 'docker-compose';
      if (isV1 || cmd[1] === 'compose') {
        const rest = cmd.slice(isV1 ? 1 : 2);
        let sub = -1;
        for (let i = 0; i < rest.length; i++) {
          if (COMPOSE_VALUE_FLAGS.has(rest[i]!)) i++;
          else if (!rest[i]!.startsWith('-')) {
            sub = i;
            break;
          }
        }
        const subcommand = rest[sub];
        for (let i = sub + 1; sub >= 0 && i < rest.length; i++) {
          const arg = rest[i]!;
          let spec: string | undefined;
          if (arg === '--scale') spec = rest[i + 1];
          else if (arg.startsWith('--scale=')) spec = arg.slice('--scale='.length);
          else if (subcommand === 'scale') spec = arg;
          const m = spec ? SCALE_ARG.exec(spec) : null;
          if (m) into.scaleCommands.push({ service: m[1]!, replicas: Number(m[2]), where, tool: 'compose' } satisfies ScaleCommand);
        }
      } else if (cmd[1] === 'service' && cmd[2] === 'scale') {
        for (const arg of cmd.slice(3)) {
          const m = SCALE_ARG.exec(arg);
          if (m) into.scaleCommands.push({ service: m[1]!, replicas: Number(m[2]), where, tool: 'swarm' });
        }
      } else if (cmd[1] === 'stack' && (cmd[2] === 'deploy' || cmd[2] === 'up')) {
        for (let i = 3; i < cmd.length; i++) {
          const arg = cmd[i]!;
          let file: string | undefined;
          if (arg === '-c' || arg === '--compose-file') file = cmd[i + 1];
          else if (arg.startsWith('--compose-file=')) file = arg.slice('--compose-file='.length);
          if (file && !file.includes('$') && file !== '-') into.stackFiles.push(path.resolve(dir, file));
        }
      }
    }
  }
  return into;
}

/**
 * The scale a script asks for, for a service of the Compose file at `filePath`. Swarm names
 * services `<stack>_<service>`, so a `docker service scale x_web=3` counts for `web`.
 */
export function scriptedScale(ws: WorkspaceFacts, service: string): ScaleCommand | undefined {
  let best: ScaleCommand | undefined;
  for (const c of ws.scaleCommands) {
    const matches = c.service === service || (c.tool === 'swarm' && c.service.endsWith(`_${service}`));
    if (matches && (!best || c.replicas > best.replicas)) best = c;
  }
  return best;
}

export function isStackFile(ws: WorkspaceFacts, filePath: string): boolean {
  const resolved = path.resolve(filePath);
  return ws.stackFiles.some((f) => f === resolved);
}
