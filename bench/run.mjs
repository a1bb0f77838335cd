// `npm run bench`: Scalewise against the stock yaml-language-server (the anchor), dclint and the
// `yaml` parse floor, side by side in one run; one table of ratios against the budgets of issue 11.
// Asserts no timing: it fails only when a server crashes, does not answer within 30 s, or does no work.
//
//   npm run bench                           # builds, installs the anchors into .tmp/ if missing, runs all
//   node bench/run.mjs --quick              # fewer edits, hovers and runs
//   node bench/run.mjs --only=lsp,cold      # sections: lsp, cold, cli, cost, vscode (comma-separated)
//   node bench/run.mjs --only=cost          # all the cost curves (a full run has only the budget rows)
//   node bench/run.mjs --anchor-zero        # also the anchor with its 200 ms delay set to 0, as a column
//   node bench/run.mjs --vsix               # `npm run package` first, then the .vsix size
//
// See bench/README.md for what is measured and the caveats.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliMarkdown, runCliBench } from './cli.mjs';
import { bundle, costMarkdown, FAMILIES, measure, runCost } from './cost.mjs';
import { LspClient } from './lsp-client.mjs';
import { budgetRows, budgetsMarkdown } from './budgets.mjs';
import { COLD, WORKLOADS, composeSchema, targets } from './workloads.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : (process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
};
const flag = (name) =>
  process.argv.includes(`--${name}`) || process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] === '1';
// 2.0.0 declares node >=22.13 but runs on Node 20 (shared/reference/NODE20-VERSIONS.md).
const ANCHOR_VERSION = arg('anchor-version', '2.0.0');
// 3.1.0 is the version shared/reference/ANCHORS.md 4h describes; it declares node >=20.19.
const DCLINT_VERSION = arg('dclint-version', '3.1.0');
const TIMEOUT_MS = Number(arg('timeout-ms', '30000'));
const QUICK = flag('quick');
const HOVERS = QUICK ? 3 : 10;
const LENSES = QUICK ? 3 : 5;
const COLD_RUNS = QUICK ? 3 : 5;
const CLI_ROUNDS = QUICK ? 2 : 4;
// --profile=scalewise|anchor writes a V8 CPU profile of that server to bench/out/profiles/
// (open it in Chrome DevTools or VS Code). It slows that server down: don't compare its figures.
const PROFILE = arg('profile', '');
// The anchor with its validation delay forced to 0 (bench/anchor-server.mjs), as an extra column.
const ANCHOR_ZERO = flag('anchor-zero');
const VSIX = flag('vsix');
// --no-dclint: skip dclint, which takes most of the CLI section (minutes on a busy machine).
const NO_DCLINT = flag('no-dclint');
const SECTIONS = ['lsp', 'cold', 'cli', 'cost', 'vscode'];
const ONLY = arg('only', '');
// --family=merge-keys,named-services: only these cost families (ids in bench/cost.mjs FAMILIES).
const FAMILY = arg('family', '');
// --workloads=compose-10,helm-values: only these language-server workloads (names in bench/workloads.mjs).
const WORKLOAD_NAMES = arg('workloads', '');
// --cost-all: every cost curve at every size in a full run (by default only the budget rows).
const COST_ALL = flag('cost-all');

const anchorPrefix = join(repo, '.tmp', 'bench-anchor');
const schemaDir = join(repo, '.tmp', 'bench-work');
const outDir = join(repo, 'bench', 'out');
// Not under .tmp/: the anchor matches fileMatch globs with picomatch, whose `**` skips dot folders,
// so a document below .tmp/ would silently get no schema at all.
const workDir = join(outDir, 'workloads');

/** @type {Set<LspClient>} */
const live = new Set();
const killAll = () => {
  for (const c of live) c.kill();
};
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

/** Installs `name@version` into .tmp/bench-anchor (never a dependency of the product) unless it is there. */
function ensureTool(name, version) {
  const pkgDir = join(anchorPrefix, 'node_modules', name);
  const installed = existsSync(join(pkgDir, 'package.json'))
    ? JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version
    : null;
  if (installed === version) return pkgDir;
  console.log(`Installing ${name}@${version} into .tmp/bench-anchor (not a dependency of the product)...`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--prefix', anchorPrefix, `${name}@${version}`], {
    cwd: repo,
    stdio: 'inherit',
  });
  if (r.status !== 0 || !existsSync(join(pkgDir, 'package.json'))) {
    throw new Error(
      `npm install ${name}@${version} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}).`,
    );
  }
  return pkgDir;
}

const pkgJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

/**
 * Scalewise's stock settings: what VS Code answers `workspace/configuration` for `scalewise` with
 * nothing set, the `default` of every `scalewise.*` in package.json `contributes.configuration`.
 */
function scalewiseDefaults() {
  const contributed = [pkgJson.contributes?.configuration ?? []].flat();
  const out = {};
  for (const c of contributed) {
    for (const [key, p] of Object.entries(c.properties ?? {})) {
      if (!key.startsWith('scalewise.') || !('default' in p)) continue;
      const path = key.split('.').slice(1);
      let at = out;
      for (const part of path.slice(0, -1)) at = at[part] ??= {};
      at[path.at(-1)] = p.default;
    }
  }
  return out;
}

function writeWorkload(w) {
  const text = w.make();
  const path = join(workDir, w.file);
  writeFileSync(path, text);
  return {
    ...w,
    path,
    uri: pathToFileURL(path).href,
    text,
    bytes: Buffer.byteLength(text),
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    at: w.edit ? targets(text, w) : null,
    edits: QUICK ? Math.min(w.edits, 4) : w.edits,
  };
}

function prepareWorkloads() {
  const chosen = WORKLOAD_NAMES ? WORKLOADS.filter((w) => WORKLOAD_NAMES.split(',').includes(w.name)) : WORKLOADS;
  if (chosen.length === 0)
    throw new Error(`--workloads=${WORKLOAD_NAMES}: workloads are ${WORKLOADS.map((w) => w.name).join(', ')}`);
  mkdirSync(workDir, { recursive: true });
  mkdirSync(schemaDir, { recursive: true });
  const schemaPath = join(schemaDir, 'compose-ish.schema.json');
  writeFileSync(schemaPath, JSON.stringify(composeSchema(), null, 2));
  const warmup = writeWorkload({ name: 'warmup', file: 'compose-warmup.yaml', make: warmupText });
  return { schemaUri: pathToFileURL(schemaPath).href, files: chosen.map(writeWorkload), warmup };
}

/** Three services, the last breaking the anchor's enum; the first has container_name with replicas. */
function warmupText() {
  return 'services:\n  a:\n    image: nginx:1.27\n    container_name: a\n    deploy:\n      replicas: 3\n  b:\n    image: nginx:1.27\n    restart: sometimes\n';
}

function servers(anchorDir, schemaUri) {
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    schemas: { [schemaUri]: ['*.yml', '*.yaml'] },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
  const anchorSettings = { yaml, http: {}, '[yaml]': {}, editor: {} };
  const all = [
    {
      id: 'scalewise',
      label: 'Scalewise',
      args: [join(repo, 'server', 'out', 'server.js'), '--stdio'],
      settings: { scalewise: scalewiseDefaults() },
      sendsVersion: true,
    },
    {
      id: 'anchor',
      label: `yaml-language-server ${ANCHOR_VERSION} (stock)`,
      args: [join(anchorDir, 'bin', 'yaml-language-server'), '--stdio'],
      settings: anchorSettings,
      sendsVersion: false,
    },
  ];
  if (ANCHOR_ZERO) {
    all.push({
      id: 'anchor0',
      label: `yaml-language-server ${ANCHOR_VERSION} (delay 0)`,
      args: [join(repo, 'bench', 'anchor-server.mjs'), anchorDir, '--stdio'],
      settings: anchorSettings,
      sendsVersion: false,
    });
  }
  for (const s of all) {
    if (s.id === PROFILE) s.args.unshift('--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles')}`);
  }
  return all;
}

const pct = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => pct(xs, 50);
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const ratio = (a, b) => (a != null && b ? round(a / b, 3) : null);

const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeLens: { dynamicRegistration: false },
    publishDiagnostics: { versionSupport: true },
    // no `diagnostic`: both servers push
  },
};

/** One running server and the timings taken from it. */
class Session {
  constructor(server) {
    this.server = server;
    this.client = new LspClient(server.label, server.args, {
      cwd: repo,
      timeoutMs: TIMEOUT_MS,
      onRequest: (method, params) => {
        if (method === 'workspace/configuration') return params.items.map((i) => server.settings[i.section] ?? null);
        return null; // registerCapability, workDoneProgress/create, refreshes: accept
      },
    });
    live.add(this.client);
    this.workloads = {};
  }

  isPublish(uri, version) {
    return (m) =>
      m.method === 'textDocument/publishDiagnostics' &&
      m.params.uri === uri &&
      // The anchor publishes without a version: then the first publish after the change counts.
      (!this.server.sendsVersion || m.params.version === undefined || m.params.version === version);
  }

  async initialize(rootUri = null) {
    const t0 = performance.now();
    const { result } = await this.client.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
      capabilities: CLIENT_CAPABILITIES,
    });
    this.initMs = performance.now() - t0;
    this.codeLens = Boolean(result?.capabilities?.codeLensProvider);
    this.client.notify('initialized', {});
    this.client.notify('workspace/didChangeConfiguration', { settings: this.server.settings });
  }

  /** Resolves with the first publish for `uri` that has at least one diagnostic: { at, count, firstAnyAt }. */
  firstProblems(uri, what) {
    let firstAnyAt = null;
    return (async () => {
      for (;;) {
        const { msg, at } = await this.client.expect(this.isPublish(uri, 1), what);
        firstAnyAt ??= at;
        if (msg.params.diagnostics.length > 0) return { at, count: msg.params.diagnostics.length, firstAnyAt };
      }
    })();
  }

  async start(warm) {
    await this.initialize();
    // Warm-up, and proof the server does real work here: a small file must get at least one problem
    // (Scalewise: container_name with replicas; anchor: the schema's enum). The anchor re-validates
    // open files after each configuration pull, so the publishes before that are skipped.
    const done = this.firstProblems(
      warm.uri,
      'diagnostics with a problem for the warm-up file (is its schema applied?)',
    );
    this.client.notify('textDocument/didOpen', {
      textDocument: { uri: warm.uri, languageId: 'yaml', version: 1, text: warm.text },
    });
    this.warmDiagnostics = (await done).count;
    this.client.notify('textDocument/didClose', { textDocument: { uri: warm.uri } });
  }

  /** Milliseconds of CPU (user + system) the server process has used so far; null where /proc is missing. */
  cpuMs() {
    return this.client.cpuMs();
  }

  /** Whether this side answered everything for `w` so far (the anchor may give up on a workload, see measureAll). */
  alive(w) {
    return !this.workloads[w.name]?.timedOut;
  }

  async open(w) {
    // From here the peak RSS is this workload's (the kernel resets VmHWM to the current RSS).
    this.client.resetPeakRss();
    const cpu0 = this.cpuMs();
    const published = this.client.expect(this.isPublish(w.uri, 1), `diagnostics after opening ${w.name}`);
    const t = performance.now();
    this.client.notify('textDocument/didOpen', {
      textDocument: { uri: w.uri, languageId: 'yaml', version: 1, text: w.text },
    });
    const got = await published;
    this.workloads[w.name] = {
      openMs: got.at - t,
      editMs: [],
      hoverMs: [],
      lensMs: [],
      diagnostics: got.msg.params.diagnostics.length,
      cpu: { openMs: this.cpuMs() - cpu0, editMs: 0, queryMs: 0 },
    };
  }

  /** Edit k (1-based) flips the target character to its other value and back. */
  async edit(w, k) {
    const version = k + 1;
    const { line, character, from, to } = w.at.edit;
    const published = this.client.expect(
      this.isPublish(w.uri, version),
      `diagnostics for version ${version} of ${w.name}`,
    );
    const cpu0 = this.cpuMs();
    const t = performance.now();
    this.client.notify('textDocument/didChange', {
      textDocument: { uri: w.uri, version },
      contentChanges: [
        { range: { start: { line, character }, end: { line, character: character + 1 } }, text: k % 2 ? to : from },
      ],
    });
    const got = await published;
    const r = this.workloads[w.name];
    r.editMs.push(got.at - t);
    r.cpu.editMs += this.cpuMs() - cpu0;
    r.diagnostics = got.msg.params.diagnostics.length;
  }

  async hover(w) {
    const cpu0 = this.cpuMs();
    const t = performance.now();
    const { result, at } = await this.client.request('textDocument/hover', {
      textDocument: { uri: w.uri },
      position: w.at.hover,
    });
    const r = this.workloads[w.name];
    r.hoverMs.push(at - t);
    r.cpu.queryMs += this.cpuMs() - cpu0;
    r.hover = result ? JSON.stringify(result.contents).slice(0, 120) : '(no hover)';
  }

  async lens(w) {
    if (!this.codeLens) return;
    const cpu0 = this.cpuMs();
    const t = performance.now();
    const { result, at } = await this.client.request('textDocument/codeLens', { textDocument: { uri: w.uri } });
    const r = this.workloads[w.name];
    r.lensMs.push(at - t);
    r.cpu.queryMs += this.cpuMs() - cpu0;
    r.lenses = Array.isArray(result) ? result.length : 0;
  }

  close(w) {
    const r = this.workloads[w.name];
    r.peakRssMb = this.client.peakRssMb();
    r.strayPublishes = this.client.strayPublishes.get(w.uri) ?? 0;
    this.client.notify('textDocument/didClose', { textDocument: { uri: w.uri } });
  }

  summary(w) {
    const r = this.workloads[w.name];
    if (r.timedOut) return { timedOut: r.timedOut, timeoutS: TIMEOUT_MS / 1000, editMs: r.editMs ?? [] };
    return {
      openMs: round(r.openMs),
      editMs: r.editMs.map((x) => round(x, 2)),
      editMedianMs: round(median(r.editMs)),
      editP90Ms: round(pct(r.editMs, 90)),
      hoverMedianMs: round(median(r.hoverMs), 2),
      lensMedianMs: this.codeLens ? round(median(r.lensMs), 2) : null,
      lenses: r.lenses ?? null,
      cpu: {
        openMs: round(r.cpu.openMs),
        perEditMs: round(r.cpu.editMs / r.editMs.length),
        queriesMs: round(r.cpu.queryMs),
      },
      peakRssMb: round(r.peakRssMb),
      diagnostics: r.diagnostics,
      hover: r.hover,
      strayPublishes: r.strayPublishes,
    };
  }
}

/** Runs fn for each session, the order turning every round, so load from elsewhere hits all alike. */
const turns = async (sessions, turn, fn) => {
  const n = sessions.length;
  for (let j = 0; j < n; j++) await fn(sessions[(j + turn) % n]);
};

/**
 * All servers run at once and take turns, one request each, workload by workload; after each
 * workload its `yaml` parse is timed in a child process while the servers are idle.
 *
 * Scalewise not answering within the timeout fails the run. An anchor that does not is recorded
 * as timed out on that workload (the stock yaml-language-server takes minutes on the 3,000-service
 * merge-key file), killed, and started afresh for the next workload; Scalewise goes on alone.
 */
async function measureAll(serverList, work) {
  const sessions = serverList.map((s) => new Session(s));
  const parse = {};
  /** Each anchor's results by workload, kept across restarts. */
  const timedOut = new Map();
  const step = (w, what) => async (s) => {
    if (!s.alive(w)) return;
    try {
      await what(s);
    } catch (err) {
      if (!err.timedOut || s.server.id === 'scalewise') throw err;
      console.log(
        `  ${s.server.id.padEnd(9)} ${w.name.padEnd(15)} no answer within ${TIMEOUT_MS / 1000} s: ${err.message.split(';')[0]}`,
      );
      s.workloads[w.name] = { ...(s.workloads[w.name] ?? {}), timedOut: err.message.split(';')[0] };
      timedOut.set(s, true);
      s.client.kill();
    }
  };
  try {
    for (const s of sessions) await s.start(work.warmup);
    for (const w of work.files) {
      await turns(
        sessions,
        0,
        step(w, (s) => s.open(w)),
      );
      for (let k = 1; k <= w.edits; k++)
        await turns(
          sessions,
          k,
          step(w, (s) => s.edit(w, k)),
        );
      for (let k = 0; k < HOVERS; k++)
        await turns(
          sessions,
          k,
          step(w, (s) => s.hover(w)),
        );
      for (let k = 0; k < LENSES; k++)
        await turns(
          sessions,
          k,
          step(w, (s) => s.lens(w)),
        );
      for (const s of sessions) if (s.alive(w)) s.close(w);
      for (const [i, s] of sessions.entries()) {
        if (s.alive(w)) continue;
        // A fresh server for the next workloads; what the old one measured carries over.
        await s.client.stop();
        live.delete(s.client);
        const fresh = new Session(s.server);
        fresh.workloads = s.workloads;
        await fresh.start(work.warmup);
        sessions[i] = fresh;
      }
      const p = measure('yaml-warm', w.path);
      parse[w.name] = { ms: round(p.ms), runsMs: p.runsMs.map((x) => round(x)), documents: p.documents };
      for (const s of sessions) {
        const x = s.summary(w);
        if (x.timedOut) continue;
        console.log(
          `  ${s.server.id.padEnd(9)} ${w.name.padEnd(15)} open ${x.openMs} ms, edit median ${x.editMedianMs} / p90 ${x.editP90Ms} ms, ` +
            `hover ${x.hoverMedianMs} ms, lens ${x.lensMedianMs ?? '-'} ms, CPU/edit ${x.cpu.perEditMs} ms, ` +
            `RSS ${x.peakRssMb} MB, ${x.diagnostics} diagnostics`,
        );
      }
      console.log(`  ${'yaml'.padEnd(9)} ${w.name.padEnd(15)} one warm parseAllDocuments ${parse[w.name].ms} ms`);
    }
  } finally {
    await Promise.all(sessions.map((s) => s.client.stop()));
    for (const s of sessions) live.delete(s.client);
  }
  return {
    parse,
    servers: Object.fromEntries(
      sessions.map((s) => [
        s.server.id,
        {
          label: s.server.label,
          initMs: round(s.initMs),
          codeLensProvider: s.codeLens,
          warmDiagnostics: s.warmDiagnostics,
          peakRssMb: round(Math.max(...work.files.map((w) => s.workloads[w.name].peakRssMb ?? 0))),
          restartedAfterTimeout: timedOut.size > 0 && [...timedOut.keys()].some((t) => t.server.id === s.server.id),
          workloads: Object.fromEntries(work.files.map((w) => [w.name, s.summary(w)])),
        },
      ]),
    ),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((x) => round(x, 2)),
  };
}

async function lspSection(anchorDir) {
  const work = prepareWorkloads();
  console.log(
    `Workloads: ${work.files.map((f) => `${f.name} ${f.lines} lines ${round(f.bytes / 1024)} KB`).join(', ')}`,
  );
  const list = servers(anchorDir, work.schemaUri);
  const measured = await measureAll(list, work);
  const sw = measured.servers.scalewise;
  const table = work.files.map((f) => {
    const row = {
      workload: f.name,
      file: f.file,
      lines: f.lines,
      kb: round(f.bytes / 1024),
      edits: f.edits,
      parseMs: measured.parse[f.name].ms,
    };
    for (const id of Object.keys(measured.servers)) row[id] = measured.servers[id].workloads[f.name];
    const an = row.anchor;
    const s = row.scalewise;
    if (an.timedOut) {
      // The anchor took longer than the timeout to open it: Scalewise / timeout bounds the ratio from above.
      Object.assign(row, {
        anchorTimedOut: an.timedOut,
        ratioEditMedianUpperBound: ratio(s.editMedianMs, TIMEOUT_MS),
        ratioOpenUpperBound: ratio(s.openMs, TIMEOUT_MS),
        editToParse: ratio(s.editMedianMs, row.parseMs),
      });
      return row;
    }
    Object.assign(row, {
      ratioEditMedian: ratio(s.editMedianMs, an.editMedianMs),
      ratioEditP90: ratio(s.editP90Ms, an.editP90Ms),
      ratioOpen: ratio(s.openMs, an.openMs),
      ratioHover: ratio(s.hoverMedianMs, an.hoverMedianMs),
      ratioCpuPerEdit: ratio(s.cpu.perEditMs, an.cpu.perEditMs),
      ratioRss: ratio(s.peakRssMb, an.peakRssMb),
      editToParse: ratio(s.editMedianMs, row.parseMs),
      ratioEditMedianAnchor0: row.anchor0 ? ratio(s.editMedianMs, row.anchor0.editMedianMs) : undefined,
    });
    return row;
  });
  return {
    servers: Object.fromEntries(
      Object.entries(measured.servers).map(([id, x]) => [id, { ...x, workloads: undefined }]),
    ),
    table,
    rssRatio: ratio(sw.peakRssMb, measured.servers.anchor.peakRssMb),
  };
}

const ms = (x) => (typeof x === 'number' ? `${x} ms` : x);

function lspMarkdown(lsp) {
  const ids = Object.keys(lsp.servers);
  const lines = [
    '## Language servers: Scalewise vs the stock yaml-language-server',
    '',
    `Stock settings for both: Scalewise debounce ${lsp.scalewiseDebounceMs} ms (package.json default), the anchor its fixed 200 ms.` +
      ' Ratio = Scalewise / anchor (lower is better). Edit = a one-character change to diagnostics of that version.' +
      " CPU = the server process (utime + stime) per edit. RSS = VmHWM from the workload's open on." +
      (ids.includes('anchor0') ? ' `anchor0` = the anchor with its delay forced to 0.' : ''),
    '',
    `| ${[
      ...['workload', 'lines', 'edit median sw / anchor', 'ratio', 'p90 ratio', 'yaml parse', 'edit / parse'],
      ...['open sw / anchor', 'hover sw / anchor', 'lens sw', 'CPU/edit sw / anchor', 'RSS sw / anchor', 'RSS ratio'],
      'diagnostics sw / anchor',
      ...(ids.includes('anchor0') ? ['anchor0 edit median', 'ratio to anchor0'] : []),
    ].join(' | ')} |`,
    `|${'---|'.repeat(ids.includes('anchor0') ? 16 : 14)}`,
  ];
  for (const r of lsp.table) {
    const s = r.scalewise;
    const gone = `no answer in ${TIMEOUT_MS / 1000} s`;
    const a = r.anchorTimedOut
      ? {
          editMedianMs: gone,
          openMs: gone,
          hoverMedianMs: '-',
          cpu: { perEditMs: '-' },
          peakRssMb: '-',
          diagnostics: '-',
        }
      : r.anchor;
    if (r.anchorTimedOut)
      Object.assign(r, { ratioEditMedian: `< ${r.ratioEditMedianUpperBound}`, ratioEditP90: '-', ratioRss: '-' });
    lines.push(
      `| ${[
        `${r.workload} (${r.kb} KB, ${r.edits} edits)`,
        r.lines.toLocaleString('en-US'),
        `${s.editMedianMs} / ${ms(a.editMedianMs)}`,
        `**${r.ratioEditMedian}**`,
        r.ratioEditP90,
        `${r.parseMs} ms`,
        r.editToParse,
        `${s.openMs} / ${ms(a.openMs)}`,
        `${s.hoverMedianMs} / ${ms(a.hoverMedianMs)}`,
        s.lensMedianMs == null ? '-' : `${s.lensMedianMs} ms (${s.lenses})`,
        `${s.cpu.perEditMs} / ${ms(a.cpu.perEditMs)}`,
        `${s.peakRssMb} / ${a.peakRssMb}${typeof a.peakRssMb === 'number' ? ' MB' : ''}`,
        r.ratioRss,
        `${s.diagnostics} / ${a.diagnostics}`,
        ...(r.anchor0 ? [`${r.anchor0.editMedianMs} ms`, r.ratioEditMedianAnchor0] : []),
      ].join(' | ')} |`,
    );
  }
  lines.push('', '| server | peak RSS (max over workloads) | initialize | code lenses |', '|---|---|---|---|');
  for (const s of Object.values(lsp.servers))
    lines.push(`| ${s.label} | ${s.peakRssMb} MB | ${s.initMs} ms | ${s.codeLensProvider ? 'yes' : 'no'} |`);
  return lines.join('\n') + '\n';
}

/**
 * Cold open: a fresh server per side and run, `initialize` with the cold file's folder as the
 * workspace, open the ~200-line Compose file, time to its first diagnostics with a problem in
 * them (both report one). Sides run one after the other, the order flipping each run.
 */
async function coldSection(anchorDir) {
  const dir = join(workDir, 'cold');
  mkdirSync(dir, { recursive: true });
  const prepared = (() => {
    const text = COLD.make();
    const path = join(dir, COLD.file);
    writeFileSync(path, text);
    return { uri: pathToFileURL(path).href, text, lines: text.split('\n').length - 1 };
  })();
  const schemaPath = join(schemaDir, 'compose-ish.schema.json');
  mkdirSync(schemaDir, { recursive: true });
  writeFileSync(schemaPath, JSON.stringify(composeSchema(), null, 2));
  const list = servers(anchorDir, pathToFileURL(schemaPath).href).filter((s) => s.id !== 'anchor0');
  const runs = Object.fromEntries(list.map((s) => [s.id, []]));
  for (let k = 0; k < COLD_RUNS; k++) {
    for (const server of k % 2 ? [...list].reverse() : list) {
      const t0 = performance.now();
      const s = new Session(server);
      try {
        await s.initialize(pathToFileURL(dir).href);
        const done = s.firstProblems(prepared.uri, `first diagnostics of the cold ${COLD.file}`);
        const t = performance.now();
        s.client.notify('textDocument/didOpen', {
          textDocument: { uri: prepared.uri, languageId: 'yaml', version: 1, text: prepared.text },
        });
        const got = await done;
        runs[server.id].push({
          openMs: round(got.at - t),
          firstPublishMs: round(got.firstAnyAt - t),
          initializeMs: round(s.initMs),
          spawnToDiagnosticsMs: round(got.at - t0),
          diagnostics: got.count,
        });
      } finally {
        await s.client.stop();
        live.delete(s.client);
      }
    }
  }
  const summary = (xs) => ({
    openMedianMs: round(median(xs.map((x) => x.openMs))),
    spawnToDiagnosticsMedianMs: round(median(xs.map((x) => x.spawnToDiagnosticsMs))),
    initializeMedianMs: round(median(xs.map((x) => x.initializeMs))),
    runs: xs,
  });
  const out = { file: COLD.file, lines: prepared.lines, runs: COLD_RUNS };
  for (const [id, xs] of Object.entries(runs)) out[id] = summary(xs);
  out.ratioOpen = ratio(out.scalewise.openMedianMs, out.anchor.openMedianMs);
  out.ratioSpawnToDiagnostics = ratio(out.scalewise.spawnToDiagnosticsMedianMs, out.anchor.spawnToDiagnosticsMedianMs);
  for (const id of Object.keys(runs)) {
    console.log(
      `  ${id.padEnd(9)} cold open ${out[id].openMedianMs} ms (open to first diagnostics), spawn to diagnostics ${out[id].spawnToDiagnosticsMedianMs} ms, ` +
        `initialize ${out[id].initializeMedianMs} ms; runs ${runs[id].map((x) => x.openMs).join(', ')}`,
    );
  }
  return out;
}

function coldMarkdown(cold) {
  return [
    `## Cold open: a fresh server, a ${cold.lines}-line Compose file`,
    '',
    `Median of ${cold.runs} runs per side, one fresh server each, the sides alternating. Open = \`didOpen\` to the first publish with a problem in it.`,
    '',
    '| side | open to diagnostics | spawn to diagnostics | initialize |',
    '|---|---|---|---|',
    `| Scalewise | ${cold.scalewise.openMedianMs} ms | ${cold.scalewise.spawnToDiagnosticsMedianMs} ms | ${cold.scalewise.initializeMedianMs} ms |`,
    `| anchor | ${cold.anchor.openMedianMs} ms | ${cold.anchor.spawnToDiagnosticsMedianMs} ms | ${cold.anchor.initializeMedianMs} ms |`,
    `| ratio | **${cold.ratioOpen}** | ${cold.ratioSpawnToDiagnostics} | |`,
    '',
  ].join('\n');
}

/** The .vsix size: `npm run package` first with --vsix; otherwise whatever scalewise.vsix is there (or none). */
function vsixSection(packageFirst = false) {
  const file = join(repo, 'scalewise.vsix');
  if (VSIX || packageFirst) {
    console.log('  npm run package ...');
    const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'package'], {
      cwd: repo,
      encoding: 'utf8',
    });
    if (r.status !== 0)
      return {
        available: false,
        why: `npm run package exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').at(-1)}`,
      };
  }
  if (!existsSync(file))
    return { available: false, why: 'no scalewise.vsix (run with --vsix, or `npm run package` first)' };
  const st = statSync(file);
  return {
    available: true,
    bytes: st.size,
    mb: round(st.size / 2 ** 20, 2),
    built: st.mtime.toISOString(),
    packagedByThisRun: VSIX || packageFirst,
  };
}

/**
 * The real-VS-Code rows: bench/vscode-typing.mjs in its own process (it starts three code-servers),
 * on the .vsix this run packaged. Its JSON stays in bench/out/vscode.json; here only the figures
 * the budgets read: the median keystroke ratio of the default configuration (lenses on) to no
 * extension, and VS Code's own activation figure (load code + call activate).
 */
function vscodeSection() {
  const out = join(outDir, 'vscode.json');
  const setup = spawnSync('bash', ['scripts/e2e-setup.sh'], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (setup.status !== 0)
    return {
      available: false,
      why: `scripts/e2e-setup.sh exited ${setup.status}: ${(setup.stderr || setup.stdout).trim().split('\n').at(-1)}`,
    };
  const r = spawnSync(process.execPath, [join(repo, 'bench', 'vscode-typing.mjs'), `--out=${out}`], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench/vscode-typing.mjs exited ${r.status}`);
  console.log(r.stdout);
  const v = JSON.parse(readFileSync(out, 'utf8'));
  const a = v.activation?.lenses;
  return {
    available: true,
    keystrokeRatio: v.ratios?.lenses?.median ?? null,
    keystrokeRatioWithoutLenses: v.ratios?.['no-lenses']?.median ?? null,
    activationMs: a ? a.codeLoadingTime + a.activateCallTime : null,
    activation: v.activation,
    summary: v.summary,
    table: r.stdout,
  };
}

async function main() {
  const only = ONLY ? ONLY.split(',') : SECTIONS;
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only=${s}: sections are ${SECTIONS.join(', ')}`);
  mkdirSync(outDir, { recursive: true });
  const started = performance.now();
  const debounce = pkgJson.contributes?.configuration?.properties?.['scalewise.debounceMs']?.default;
  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    quick: QUICK,
    sections: only,
    profiled: PROFILE || null,
    scalewise: { version: pkgJson.version, debounceMs: debounce ?? null, settings: scalewiseDefaults() },
  };
  console.log(
    `Scalewise ${pkgJson.version}, stock settings: debounceMs ${debounce} (package.json contributes.configuration default)`,
  );

  const needsServers = only.includes('lsp') || only.includes('cold');
  if (needsServers || only.includes('cli')) {
    if (!existsSync(join(repo, 'server', 'out', 'server.js')))
      throw new Error('server/out is missing: run `node esbuild.mjs` (npm run bench does).');
  }
  // The engine bundle for the `yaml` parse timings and the cost rows.
  await bundle();
  if (needsServers) {
    const anchorDir = ensureTool('yaml-language-server', ANCHOR_VERSION);
    results.anchor = {
      version: JSON.parse(readFileSync(join(anchorDir, 'package.json'), 'utf8')).version,
      validationDelayMs: 200,
      schema: 'generated permissive Compose-ish JSON schema for *.yml and *.yaml, schemaStore off',
      zeroDelayColumn: ANCHOR_ZERO,
    };
    if (only.includes('lsp')) {
      console.log('\nLanguage servers, side by side (stock settings):');
      results.lsp = await lspSection(anchorDir);
      results.lsp.scalewiseDebounceMs = debounce;
    }
    if (only.includes('cold')) {
      console.log('\nCold open (a fresh server per run):');
      results.cold = await coldSection(anchorDir);
    }
  }
  if (only.includes('cli')) {
    console.log('\nCLI on a folder of 1,000 Compose files (fresh processes, run by run):');
    let dclintBin = null;
    let dclintWhy = 'skipped (--no-dclint)';
    if (NO_DCLINT) console.log('  dclint skipped (--no-dclint)');
    else
      try {
        dclintBin = join(ensureTool('dclint', DCLINT_VERSION), 'bin', 'dclint.cjs');
      } catch (err) {
        dclintWhy = err.message;
        console.log(`  dclint not available: ${err.message}`);
      }
    results.cli = await runCliBench({ dclintBin, dclintWhy, rounds: CLI_ROUNDS });
    results.cli.dclintVersion = dclintBin ? DCLINT_VERSION : null;
  }
  if (only.includes('cost')) {
    // A full run has the budget rows only (the 3,000-service merge-key and named files); --only=cost
    // or --cost-all every curve, --family some of them.
    const all = ONLY === 'cost' || COST_ALL || FAMILY;
    let families = FAMILY ? FAMILIES.filter((f) => FAMILY.split(',').includes(f.id)) : FAMILIES;
    if (families.length === 0)
      throw new Error(`--family=${FAMILY}: families are ${FAMILIES.map((f) => f.id).join(', ')}`);
    if (!all)
      families = families
        .filter((f) => f.id === 'merge-keys' || f.id === 'named-services')
        .map((f) => ({ ...f, sizes: [3000] }));
    console.log(
      `\nCost (lint / one parse of the same text)${all ? '' : ': the 3,000-service merge-key and named files'}:`,
    );
    results.cost = await runCost({ families, bundled: true });
    if (all) {
      writeFileSync(
        join(outDir, 'cost.json'),
        JSON.stringify({ date: results.date, machine: results.machine, ...results.cost }, null, 2) + '\n',
      );
      writeFileSync(join(outDir, 'cost.md'), costMarkdown(results.cost));
      console.log('Wrote bench/out/cost.json and bench/out/cost.md');
    }
  }
  if (!ONLY || VSIX || only.includes('vscode')) results.vsix = vsixSection(only.includes('vscode'));
  if (only.includes('vscode')) {
    console.log('\nA real VS Code (code-server), bench/vscode-typing.mjs:');
    results.vscode = vscodeSection();
  }
  results.budgets = budgetRows(results);
  results.elapsedS = round((performance.now() - started) / 1000);

  const md = [
    `# Scalewise benchmark, ${results.date}`,
    '',
    `${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.os}, Node ${results.machine.node}, load average at start ` +
      `${results.machine.loadAverage.join(' / ')}. Scalewise ${pkgJson.version} (debounce ${debounce} ms)` +
      (results.anchor ? `, yaml-language-server ${results.anchor.version} stock` : '') +
      (results.cli?.dclintVersion ? `, dclint ${results.cli.dclintVersion}` : '') +
      `. ${results.quick ? 'Quick run. ' : ''}Took ${results.elapsedS} s.`,
    '',
    budgetsMarkdown(results.budgets),
    ...(results.lsp ? [lspMarkdown(results.lsp)] : []),
    ...(results.cold ? [coldMarkdown(results.cold)] : []),
    ...(results.cli ? [cliMarkdown(results.cli)] : []),
    ...(results.cost ? [costMarkdown(results.cost)] : []),
    ...(results.vscode?.table ? ['## A real VS Code', '', results.vscode.table] : []),
  ].join('\n');
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(outDir, 'results.md'), md);
  // Every run also under its own name, so a partial run does not lose the last full one.
  const stamp = results.date.replace(/[:.]/g, '-');
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  writeFileSync(
    join(outDir, 'runs', `${stamp}${ONLY ? `-${only.join('+')}` : ''}.json`),
    JSON.stringify(results, null, 2) + '\n',
  );
  writeFileSync(join(outDir, 'runs', `${stamp}${ONLY ? `-${only.join('+')}` : ''}.md`), md);
  console.log(`\n${md}`);
  console.log(`Wrote bench/out/results.json and bench/out/results.md (and both in bench/out/runs/${stamp}*)`);
}

main().catch((err) => {
  console.error(`bench failed: ${err.message}`);
  killAll();
  process.exit(1);
});
