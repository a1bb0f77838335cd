// Scalewise's language server vs Red Hat's yaml-language-server (the anchor), side by side in one
// run, end to end over stdio with debounce 0. Reports ratios; asserts no timing.
//
//   npm run bench                      # builds, installs the anchor into .tmp/ if missing, runs
//   node bench/run.mjs --anchor-version=1.18.0 --timeout-ms=60000
//   node bench/run.mjs --only=lsp      # the two servers only; --only=cost the cost curves only
//   node bench/run.mjs --only=cost --family=merge-keys,named-services   # some cost curves only
//
// See bench/README.md for what is measured and the caveats.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { costMarkdown, FAMILIES, runCost } from './cost.mjs';
import { LspClient } from './lsp-client.mjs';
import { WORKLOADS, composeFile, composeSchema, targets } from './workloads.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : (process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`] ?? fallback);
};
// 2.0.0 declares node >=22.13 but runs on Node 20 (shared/reference/NODE20-VERSIONS.md).
const ANCHOR_VERSION = arg('anchor-version', '2.0.0');
const TIMEOUT_MS = Number(arg('timeout-ms', '30000'));
const HOVERS = 10;
// --profile=scalewise|anchor writes a V8 CPU profile of that server to bench/out/profiles/
// (open it in Chrome DevTools or VS Code). It slows that server down: don't compare its figures.
const PROFILE = arg('profile', '');
// --anchor-stock runs the anchor's own bin, with its fixed 200 ms validation delay, for comparison.
const ANCHOR_STOCK = process.argv.includes('--anchor-stock') || process.env.BENCH_ANCHOR_STOCK === '1';
// --only=lsp (Scalewise vs the anchor) or --only=cost (the cost curves of bench/cost.mjs); both by default.
const ONLY = arg('only', '');
// --family=merge-keys,named-services: only these cost families (ids in bench/cost.mjs FAMILIES).
const FAMILY = arg('family', '');

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

function ensureAnchor() {
  const pkgDir = join(anchorPrefix, 'node_modules', 'yaml-language-server');
  const installed = existsSync(join(pkgDir, 'package.json'))
    ? JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version
    : null;
  if (installed === ANCHOR_VERSION) return pkgDir;
  console.log(
    `Installing yaml-language-server@${ANCHOR_VERSION} into .tmp/bench-anchor (not a dependency of the product)...`,
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(
    npm,
    ['install', '--no-audit', '--no-fund', '--prefix', anchorPrefix, `yaml-language-server@${ANCHOR_VERSION}`],
    {
      cwd: repo,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0 || !existsSync(join(pkgDir, 'package.json'))) {
    throw new Error(
      `npm install yaml-language-server@${ANCHOR_VERSION} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}). Try --anchor-version=1.x.y.`,
    );
  }
  return pkgDir;
}

function prepareWorkloads() {
  mkdirSync(workDir, { recursive: true });
  mkdirSync(schemaDir, { recursive: true });
  const schemaPath = join(schemaDir, 'compose-ish.schema.json');
  writeFileSync(schemaPath, JSON.stringify(composeSchema(), null, 2));
  const files = WORKLOADS.map((w) => {
    const text = composeFile(w.services);
    // compose-*.yaml: Scalewise detects Compose by file name; the anchor matches *.yaml.
    const path = join(workDir, `compose-${w.name}.yaml`);
    writeFileSync(path, text);
    return {
      ...w,
      path,
      uri: pathToFileURL(path).href,
      text,
      bytes: Buffer.byteLength(text),
      at: targets(text, w.services),
    };
  });
  const warmupPath = join(workDir, 'compose-warmup.yaml');
  const warmup = composeFile(3);
  writeFileSync(warmupPath, warmup);
  return {
    schemaUri: pathToFileURL(schemaPath).href,
    files,
    warmup: { uri: pathToFileURL(warmupPath).href, text: warmup },
  };
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
  const all = [
    {
      id: 'scalewise',
      label: 'Scalewise',
      args: [join(repo, 'server', 'out', 'server.js'), '--stdio'],
      settings: { scalewise: { debounceMs: 0 } },
      sendsVersion: true,
    },
    {
      id: 'anchor',
      label: `yaml-language-server ${ANCHOR_VERSION}`,
      args: ANCHOR_STOCK
        ? [join(anchorDir, 'bin', 'yaml-language-server'), '--stdio']
        : [join(repo, 'bench', 'anchor-server.mjs'), anchorDir, '--stdio'],
      settings: { yaml, http: {}, '[yaml]': {}, editor: {} },
      sendsVersion: false,
    },
  ];
  for (const s of all) {
    if (s.id === PROFILE) s.args.unshift('--cpu-prof', `--cpu-prof-dir=${join(outDir, 'profiles')}`);
  }
  return all;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const median = (xs) => pct(xs, 50);
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);

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

  async start(warm) {
    const { client } = this;
    const t0 = performance.now();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { versionSupport: true },
          // no `diagnostic`: both servers push
        },
      },
    });
    this.initMs = performance.now() - t0;
    client.notify('initialized', {});
    client.notify('workspace/didChangeConfiguration', { settings: this.server.settings });

    // Warm-up, and proof the server does real work here: a small file must get at least one problem
    // (Scalewise: container_name with replicas; anchor: the schema's enum). The anchor re-validates
    // open files after each configuration pull, so the publishes before that are skipped.
    const done = (async () => {
      for (;;) {
        const { msg } = await client.expect(
          this.isPublish(warm.uri, 1),
          'diagnostics with a problem for the warm-up file (is its schema applied?)',
        );
        if (msg.params.diagnostics.length > 0) return msg.params.diagnostics.length;
      }
    })();
    client.notify('textDocument/didOpen', {
      textDocument: { uri: warm.uri, languageId: 'yaml', version: 1, text: warm.text },
    });
    this.warmDiagnostics = await done;
    client.notify('textDocument/didClose', { textDocument: { uri: warm.uri } });
  }

  async open(w) {
    const published = this.client.expect(
      this.isPublish(w.uri, 1),
      `diagnostics after opening ${w.name} (${w.services} services)`,
    );
    const t = performance.now();
    this.client.notify('textDocument/didOpen', {
      textDocument: { uri: w.uri, languageId: 'yaml', version: 1, text: w.text },
    });
    const got = await published;
    this.workloads[w.name] = {
      openMs: got.at - t,
      editMs: [],
      hoverMs: [],
      diagnostics: got.msg.params.diagnostics.length,
    };
  }

  /** Edit k (1-based) flips the middle service's replicas digit between 4 and 3. */
  async edit(w, k) {
    const version = k + 1;
    const { line, character } = w.at.replicas;
    const published = this.client.expect(
      this.isPublish(w.uri, version),
      `diagnostics for version ${version} of ${w.name}`,
    );
    const t = performance.now();
    this.client.notify('textDocument/didChange', {
      textDocument: { uri: w.uri, version },
      contentChanges: [
        { range: { start: { line, character }, end: { line, character: character + 1 } }, text: k % 2 ? '4' : '3' },
      ],
    });
    const got = await published;
    const r = this.workloads[w.name];
    r.editMs.push(got.at - t);
    r.diagnostics = got.msg.params.diagnostics.length;
  }

  async hover(w) {
    const t = performance.now();
    const { result, at } = await this.client.request('textDocument/hover', {
      textDocument: { uri: w.uri },
      position: { line: w.at.memory.line, character: w.at.memory.character + 1 },
    });
    const r = this.workloads[w.name];
    r.hoverMs.push(at - t);
    r.hover = result ? JSON.stringify(result.contents).slice(0, 120) : '(no hover)';
  }

  close(w) {
    this.workloads[w.name].strayPublishes = this.client.strayPublishes.get(w.uri) ?? 0;
    this.client.notify('textDocument/didClose', { textDocument: { uri: w.uri } });
  }

  summary(w) {
    const r = this.workloads[w.name];
    return {
      openMs: round(r.openMs),
      editMs: r.editMs.map((x) => round(x, 2)),
      editMedianMs: round(median(r.editMs)),
      editP90Ms: round(pct(r.editMs, 90)),
      hoverMedianMs: round(median(r.hoverMs), 2),
      diagnostics: r.diagnostics,
      hover: r.hover,
      strayPublishes: r.strayPublishes,
    };
  }
}

/**
 * Both servers run at once and take turns, one request each, the order flipping every round, so a
 * burst of load from elsewhere on the machine lands on both sides of the ratio alike.
 */
async function measureAll(serverList, work) {
  const sessions = serverList.map((s) => new Session(s));
  try {
    for (const s of sessions) await s.start(work.warmup);
    const turns = async (turn, fn) => {
      for (const s of turn % 2 ? [...sessions].reverse() : sessions) await fn(s);
    };
    for (const w of work.files) {
      await turns(0, (s) => s.open(w));
      for (let k = 1; k <= w.edits; k++) await turns(k, (s) => s.edit(w, k));
      for (let k = 0; k < HOVERS; k++) await turns(k, (s) => s.hover(w));
      for (const s of sessions) s.close(w);
      for (const s of sessions) {
        const x = s.summary(w);
        console.log(
          `  ${s.server.id.padEnd(9)} ${w.name.padEnd(6)} open ${x.openMs} ms, edit median ${x.editMedianMs} ms, ` +
            `p90 ${x.editP90Ms} ms, hover ${x.hoverMedianMs} ms, ${x.diagnostics} diagnostics`,
        );
      }
    }
    // VmHWM is the high-water mark of the whole run, read before shutdown.
    for (const s of sessions) s.peakRssMb = s.client.peakRssMb();
  } finally {
    await Promise.all(sessions.map((s) => s.client.stop()));
    for (const s of sessions) live.delete(s.client);
  }
  return Object.fromEntries(
    sessions.map((s) => [
      s.server.id,
      {
        label: s.server.label,
        initMs: round(s.initMs),
        warmDiagnostics: s.warmDiagnostics,
        peakRssMb: round(s.peakRssMb),
        workloads: Object.fromEntries(work.files.map((w) => [w.name, s.summary(w)])),
      },
    ]),
  );
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

function markdown(results) {
  const { scalewise: sw, anchor: an } = results.servers;
  const lines = [
    `# Scalewise vs ${results.anchor.label}`,
    '',
    `${results.date}; ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.os}, Node ${results.machine.node}.`,
    `Edit-to-diagnostics over stdio; debounce: Scalewise 0 ms, anchor ${results.anchor.validationDelayMs} ms. ` +
      'Ratio = Scalewise / anchor (lower is better; target about 0.1).',
    '',
    `| ${[
      'workload',
      'size',
      'Scalewise median',
      'Scalewise p90',
      'anchor median',
      'anchor p90',
      'ratio median',
      'ratio p90',
      'hover Scalewise',
      'hover anchor',
      'hover ratio',
      'open Scalewise',
      'open anchor',
      'diagnostics Scalewise / anchor',
    ].join(' | ')} |`,
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of results.table) {
    lines.push(
      `| ${[
        `${row.workload} (${row.services} services, ${row.edits} edits)`,
        `${row.kb} KB`,
        `${row.scalewise.median} ms`,
        `${row.scalewise.p90} ms`,
        `${row.anchor.median} ms`,
        `${row.anchor.p90} ms`,
        `**${row.ratioMedian}**`,
        row.ratioP90,
        `${row.scalewise.hover} ms`,
        `${row.anchor.hover} ms`,
        row.hoverRatio,
        `${row.scalewise.open} ms`,
        `${row.anchor.open} ms`,
        `${row.scalewise.diagnostics} / ${row.anchor.diagnostics}`,
      ].join(' | ')} |`,
    );
  }
  lines.push('', '| server | peak RSS (VmHWM) | initialize |', '|---|---|---|');
  lines.push(
    `| Scalewise | ${sw.peakRssMb} MB | ${sw.initMs} ms |`,
    `| ${results.anchor.label} | ${an.peakRssMb} MB | ${an.initMs} ms |`,
  );
  lines.push(`| ratio | ${results.rssRatio} | |`, '');
  return lines.join('\n');
}

async function lspComparison() {
  if (!existsSync(join(repo, 'server', 'out', 'server.js')))
    throw new Error('server/out/server.js is missing: run `node esbuild.mjs` (npm run bench does).');
  const anchorDir = ensureAnchor();
  const anchorPkg = JSON.parse(readFileSync(join(anchorDir, 'package.json'), 'utf8'));
  const work = prepareWorkloads();
  console.log(
    `Workloads: ${work.files.map((f) => `${f.name} ${f.services} services ${round(f.bytes / 1024)} KB`).join(', ')}`,
  );

  const results = {
    date: new Date().toISOString(),
    machine: machine(),
    profiled: PROFILE || null,
    anchor: {
      label: `yaml-language-server ${anchorPkg.version}`,
      version: anchorPkg.version,
      validationDelayMs: ANCHOR_STOCK ? 200 : 0,
      schema: 'generated permissive Compose-ish JSON schema, schemaStore off',
    },
    workloads: work.files.map(({ name, services, edits, bytes }) => ({ name, services, edits, bytes })),
    servers: {},
  };
  results.servers = await measureAll(servers(anchorDir, work.schemaUri), work);

  const { scalewise: sw, anchor: an } = results.servers;
  const ratio = (a, b) => (a != null && b ? round(a / b, 3) : null);
  results.table = work.files.map((f) => {
    const s = sw.workloads[f.name];
    const a = an.workloads[f.name];
    const side = (x) => ({
      median: x.editMedianMs,
      p90: x.editP90Ms,
      hover: x.hoverMedianMs,
      open: x.openMs,
      diagnostics: x.diagnostics,
    });
    return {
      workload: f.name,
      services: f.services,
      edits: f.edits,
      kb: round(f.bytes / 1024),
      scalewise: side(s),
      anchor: side(a),
      ratioMedian: ratio(s.editMedianMs, a.editMedianMs),
      ratioP90: ratio(s.editP90Ms, a.editP90Ms),
      hoverRatio: ratio(s.hoverMedianMs, a.hoverMedianMs),
    };
  });
  results.rssRatio = ratio(sw.peakRssMb, an.peakRssMb);

  console.log('');
  console.table(
    Object.fromEntries(
      results.table.map((r) => [
        `${r.workload} ${r.kb} KB`,
        {
          'sw med': r.scalewise.median,
          'sw p90': r.scalewise.p90,
          'anchor med': r.anchor.median,
          'anchor p90': r.anchor.p90,
          'ratio med': r.ratioMedian,
          'ratio p90': r.ratioP90,
          'hover sw': r.scalewise.hover,
          'hover anchor': r.anchor.hover,
          'hover ratio': r.hoverRatio,
        },
      ]),
    ),
  );
  console.log(`peak RSS: Scalewise ${sw.peakRssMb} MB, anchor ${an.peakRssMb} MB (ratio ${results.rssRatio})`);

  return results;
}

async function main() {
  if (!['', 'lsp', 'cost'].includes(ONLY)) throw new Error(`--only=${ONLY}: use lsp or cost`);
  mkdirSync(outDir, { recursive: true });
  const results = ONLY === 'cost' ? { date: new Date().toISOString(), machine: machine() } : await lspComparison();
  if (ONLY !== 'lsp') {
    console.log('\nCost curves (lint / one parse of the same text):');
    const families = FAMILY ? FAMILIES.filter((f) => FAMILY.split(',').includes(f.id)) : FAMILIES;
    if (families.length === 0)
      throw new Error(`--family=${FAMILY}: families are ${FAMILIES.map((f) => f.id).join(', ')}`);
    results.cost = await runCost({ families });
    writeFileSync(
      join(outDir, 'cost.json'),
      JSON.stringify({ date: results.date, machine: results.machine, ...results.cost }, null, 2) + '\n',
    );
    writeFileSync(join(outDir, 'cost.md'), costMarkdown(results.cost));
    console.log('Wrote bench/out/cost.json and bench/out/cost.md');
  }
  // --only=cost leaves the last servers' comparison in results.* as it was.
  if (ONLY === 'cost') return;
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(
    join(outDir, 'results.md'),
    [markdown(results), ...(results.cost ? [costMarkdown(results.cost)] : [])].join('\n'),
  );
  console.log('Wrote bench/out/results.json and bench/out/results.md');
}

main().catch((err) => {
  console.error(`bench failed: ${err.message}`);
  killAll();
  process.exit(1);
});
