/**
 * A stand-in DRAKVUF Sandbox host for the drakrun tests (unit, CLI, LSP). DRAKVUF needs a Xen host
 * with systemd, which the test machines are not: `systemctl` and `draksetup` on a PATH of their own
 * are the node programs of test/fixtures/drakrun-standins/, which answer from a JSON state file and
 * record every call's argv beside it (STATE.calls.jsonl). PATH holds nothing else, so no real
 * systemctl can be reached.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './lsp-client';

export interface StandinState {
  unitFiles: string[];
  units: Record<string, 'active' | 'inactive'>;
  /** `argv joined by spaces` -> the failure to give. */
  fail?: Record<string, { code: number; stderr: string }>;
}

export interface StandinHost {
  dir: string;
  /** The environment the programs need: PATH with only the stand-ins, and their state file. */
  env: { PATH: string; DRAKRUN_STANDIN_STATE: string };
  /** Every call so far, as argv (program first). */
  calls(): string[][];
  units(): StandinState['units'];
  setState(s: StandinState): void;
}

/** Calls that change something (anything but the read-only listings and --help). */
export function changingCalls(calls: string[][]): string[][] {
  return calls.filter((c) => !(c[1] === 'list-unit-files' || c[1] === 'list-units' || c[1] === '--help'));
}

/** A fresh stand-in host in a new folder under `root`. */
export function standinHost(
  root: string,
  state: StandinState,
  tools: ('systemctl' | 'draksetup')[] = ['systemctl', 'draksetup'],
): StandinHost {
  const dir = fs.mkdtempSync(path.join(root, 'host-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const stateFile = path.join(dir, 'state.json');
  fs.writeFileSync(stateFile, JSON.stringify(state));
  for (const tool of tools) {
    // Absolute paths inside: PATH holds the stand-ins and nothing else.
    const standin = path.join(repoRoot(), 'test/fixtures/drakrun-standins', `${tool}.js`);
    fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\nexec '${process.execPath}' '${standin}' "$@"\n`, {
      mode: 0o755,
    });
  }
  const callsFile = stateFile.replace(/\.json$/, '.calls.jsonl');
  return {
    dir,
    env: { PATH: bin, DRAKRUN_STANDIN_STATE: stateFile },
    calls: () =>
      fs.existsSync(callsFile)
        ? fs
            .readFileSync(callsFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as string[])
        : [],
    units: () => (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as StandinState).units,
    setState: (s) => fs.writeFileSync(stateFile, JSON.stringify(s)),
  };
}
