// Cost curves: `scalewise lint` of inputs that grow, each against one parse of the same text.
// The ratio lint / parse should stay a small constant as the input grows; a ratio that climbs
// with size is cost that is not linear. Asserts no timing.
//
//   node bench/cost.mjs                 # after `node esbuild.mjs`; also run by `npm run bench`
//   node bench/run.mjs --only=cost      # the same, through the bench entry point
//   node bench/cost.mjs --family=configmaps --keep-inputs
//
// See bench/README.md ("Cost curves") for the families and what "one parse" is for each.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const here = fileURLToPath(import.meta.url);
const outDir = join(repo, 'bench', 'out');
const inputDir = join(outDir, 'cost');
// The engine bundled from source once per run: the CLI's `runCli`, the shell tokenizer, and the
// `yaml` package the engine parses with (the same copy, so the parse baseline is the parse lint does).
export const libPath = join(repo, '.tmp', 'bench-cost', 'lib.cjs');

/** A measured size stops repeating once its runs took this long (the largest inputs run once or twice). */
const BUDGET_MS = 25_000;
const RUNS = 3;

// --- inputs -------------------------------------------------------------------------------------

function deploymentAndHpa(i) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
spec:
  replicas: 3
  selector:
    matchLabels: { app: app-${i} }
  template:
    metadata:
      labels: { app: app-${i} }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app-${i}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: app-${i} }
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`;
}

/** A deploy script of about `size` characters: comments, docker compose --scale, a k3s install, kubectl. */
function deployScript(size) {
  const block = (i) => `# step ${i}: roll out
echo "deploying ${i}"
docker compose -f compose.yml up -d --scale web=3
curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.30.4+k3s1 sh -s - server --cluster-cidr=10.42.0.0/16
if [ -f k8s/app-${i}.yaml ]; then
  kubectl apply -f k8s/app-${i}.yaml
fi
`;
  const parts = ['#!/bin/sh\nset -eu\n'];
  let length = parts[0].length;
  for (let i = 0; length < size; i++) {
    const b = block(i);
    parts.push(b);
    length += b.length;
  }
  return parts.join('').slice(0, size);
}

const MB = 1024 * 1024;

/**
 * A Compose file whose services all take their settings from one anchor through a merge key
 * (`<<: *base`): every alias used to be resolved by walking the whole document.
 */
export function mergeKeyServices(n) {
  const services = Array.from(
    { length: n },
    (_, i) => `  svc-${i}:\n    <<: *base\n    labels: {team: core}\n    environment:\n      SVC_NAME: svc-${i}\n`,
  );
  return [
    'x-base: &base',
    '  image: registry.example.invalid/app:1.0',
    '  deploy:',
    '    replicas: 2',
    '    resources:',
    '      limits: {cpus: "0.5", memory: 256M}',
    'services:',
    `${services.join('')}`,
  ].join('\n');
}

/** Plain services that name each other in URLs (`http://svc-18:8080`): routes looked for per pair of services. */
export function namedServices(n) {
  const services = Array.from({ length: n }, (_, i) =>
    [
      `  svc-${i}:`,
      '    image: registry.example.invalid/svc:1.0',
      '    scale: 2',
      '    expose: ["8080"]',
      '    environment:',
      `      UPSTREAM: http://svc-${(i + 1) % n}:8080`,
      '',
    ].join('\n'),
  );
  return `services:\n${services.join('')}`;
}

/**
 * The input families of issue "Never lose a byte, never crash or hang", items 10-12. `baseline`
 * is the one parse lint is compared with: `yaml` parseAllDocuments with the engine's options,
 * `shell` the engine's shell tokenizer (shellCommands, what the k3s rules read scripts with),
 * `read` reading the file and splitting it into lines (for scripts lint does not parse).
 */
export const FAMILIES = [
  {
    id: 'hpa-pairs',
    label: 'Deployment + HPA pairs in one stream',
    file: 'apps.yaml',
    unit: 'pairs',
    sizes: [250, 500, 1000, 2000],
    baseline: 'yaml',
    make: (n) => Array.from({ length: n }, (_, i) => deploymentAndHpa(i)).join('---\n'),
  },
  {
    id: 'configmaps',
    label: 'ConfigMaps in one stream',
    file: 'config.yaml',
    unit: 'documents',
    sizes: [25_000, 50_000, 100_000, 200_000],
    baseline: 'yaml',
    make: (n) => 'apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(n),
  },
  {
    id: 'script',
    label: 'deploy script (k3s install, docker compose --scale, kubectl)',
    file: 'deploy.sh',
    unit: 'characters',
    sizes: [256 * 1024, 512 * 1024, MB, 2 * MB],
    baseline: 'shell',
    make: deployScript,
  },
  {
    id: 'script-over-cap',
    label: 'the same script above the 2 MB cap (not linted: script/too-large)',
    file: 'deploy.sh',
    unit: 'characters',
    sizes: [4 * MB, 8 * MB, 20 * MB, 50 * MB],
    baseline: 'read',
    make: deployScript,
  },
  {
    id: 'continuations',
    label: 'build.sh: one docker compose command over N `\\` lines',
    file: 'build.sh',
    unit: 'lines',
    sizes: [1000, 2000, 4000, 8000],
    baseline: 'shell',
    make: (n) =>
      `#!/bin/sh\ndocker compose up -d \\\n${Array.from({ length: n }, (_, i) => `  --scale web${i}=2 \\\n`).join('')}  --wait\n`,
  },
  {
    id: 'merge-keys',
    label: 'Compose services that each merge one anchor (`<<: *base`)',
    file: 'compose.yaml',
    unit: 'services',
    sizes: [375, 750, 1500, 3000],
    baseline: 'yaml',
    make: mergeKeyServices,
  },
  {
    id: 'named-services',
    label: 'Compose services that name each other (`http://svc-18:8080`)',
    file: 'compose.yaml',
    unit: 'services',
    sizes: [375, 750, 1500, 3000],
    baseline: 'yaml',
    make: namedServices,
  },
  {
    id: 'suppressions',
    label: 'consecutive # scalewise-disable-next-line comments',
    file: 'compose.yaml',
    unit: 'comments',
    sizes: [3750, 7500, 15_000, 30_000],
    baseline: 'yaml',
    make: (n) =>
      `services:\n  web:\n${'    # scalewise-disable-next-line\n'.repeat(n)}    image: nginx\n    container_name: web\n    deploy:\n      replicas: 3\n`,
  },
];

// --- one measurement, in a fresh process ---------------------------------------------------------

/** Runs in the child: times one lint or one baseline of `file` and prints { ms, rssMb, ... } as JSON. */
function child(what, file) {
  const lib = createRequire(import.meta.url)(libPath);
  let result;
  if (what === 'lint') {
    let out = '';
    const t = performance.now();
    const code = lib.runCli(['lint', '--format', 'json', file], {
      cwd: dirname(file),
      stdout: (s) => (out += s),
      stderr: () => {},
      isTTY: false,
    });
    const ms = performance.now() - t;
    const reports = JSON.parse(out);
    const findings = reports.flatMap((r) => r.findings);
    result = {
      ms,
      code,
      kind: reports[0]?.kind ?? 'none',
      findings: findings.length,
      rules: [...new Set(findings.map((f) => f.ruleId))].sort(),
    };
  } else if (what === 'yaml-warm') {
    // The language-server section's "one parse": warm (the first parse pays the JIT), then the
    // faster of two, in a process of its own so the servers' heaps are not disturbed.
    const text = readFileSync(file, 'utf8');
    const parse = () => lib.parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true });
    const docs = parse();
    const runs = [];
    for (let k = 0; k < 2; k++) {
      const t = performance.now();
      parse();
      runs.push(performance.now() - t);
    }
    result = { ms: Math.min(runs[0], runs[1]), runsMs: runs, documents: Array.isArray(docs) ? docs.length : 1 };
  } else {
    const t = performance.now();
    const text = readFileSync(file, 'utf8');
    if (what === 'yaml') lib.parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true });
    else if (what === 'shell') lib.shellCommands(text);
    else text.split(/\r?\n/);
    result = { ms: performance.now() - t };
  }
  result.rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(result));
}

export function measure(what, file) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', here, `--child=${what}`, file], {
    encoding: 'utf8',
    maxBuffer: 16 * MB,
  });
  if (r.status !== 0) throw new Error(`${what} of ${file} failed (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout);
}

// --- the curves ----------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export async function bundle() {
  const esbuild = await import('esbuild');
  mkdirSync(dirname(libPath), { recursive: true });
  await esbuild.build({
    stdin: {
      contents: [
        "export { runCli } from './server/src/cli';",
        "export { shellCommands } from './server/src/engine/model/k3s';",
        "export { parseAllDocuments } from 'yaml';",
        '',
      ].join('\n'),
      resolveDir: repo,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: libPath,
    logLevel: 'warning',
    define: { SCALEWISE_VERSION: JSON.stringify(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version) },
  });
}

/**
 * Measures every family at every size: lint and baseline alternate, each in its own process (no
 * cache survives between runs, and both start as cold), RUNS times or until BUDGET_MS is spent.
 */
export async function runCost({ families = FAMILIES, keepInputs = false, log = console.log, bundled = false } = {}) {
  if (!bundled) await bundle();
  const rows = [];
  for (const f of families) {
    log(`  ${f.label}`);
    for (const size of f.sizes) {
      // Each input in its own folder: the CLI also reads the scripts and manifests beside a file.
      const dir = join(inputDir, `${f.id}-${size}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, f.file);
      const text = f.make(size);
      writeFileSync(file, text);
      const lint = [];
      const base = [];
      const started = performance.now();
      for (let k = 0; k < RUNS && (k === 0 || performance.now() - started < BUDGET_MS); k++) {
        // The order flips each run, so a burst of load elsewhere hits both sides alike.
        if (k % 2) base.push(measure(f.baseline, file));
        lint.push(measure('lint', file));
        if (!(k % 2)) base.push(measure(f.baseline, file));
      }
      if (!keepInputs) rmSync(dir, { recursive: true, force: true });
      const lintMs = median(lint.map((x) => x.ms));
      const baseMs = median(base.map((x) => x.ms));
      const row = {
        family: f.id,
        label: f.label,
        size,
        unit: f.unit,
        bytes: Buffer.byteLength(text),
        baseline: f.baseline,
        runs: lint.length,
        lintMs: round(lintMs),
        baselineMs: round(baseMs),
        ratio: round(lintMs / baseMs, 2),
        lintPeakRssMb: round(Math.max(...lint.map((x) => x.rssMb))),
        baselinePeakRssMb: round(Math.max(...base.map((x) => x.rssMb))),
        kind: lint[0].kind,
        findings: lint[0].findings,
        rules: lint[0].rules,
        lintRunsMs: lint.map((x) => round(x.ms)),
        baselineRunsMs: base.map((x) => round(x.ms)),
      };
      rows.push(row);
      log(
        `    ${String(size).padStart(9)} ${f.unit.padEnd(10)} ${(row.bytes / MB).toFixed(2).padStart(6)} MB  ` +
          `lint ${row.lintMs} ms, ${f.baseline} ${row.baselineMs} ms, ratio ${row.ratio}, lint RSS ${row.lintPeakRssMb} MB ` +
          `(${row.runs} run${row.runs === 1 ? '' : 's'}; ${row.kind}, ${row.findings} findings)`,
      );
    }
  }
  return {
    baselines: {
      yaml: 'read + yaml parseAllDocuments (the engine parse options)',
      shell: 'read + shellCommands (the engine shell tokenizer)',
      read: 'read + split into lines',
    },
    runs: RUNS,
    budgetMs: BUDGET_MS,
    rows,
  };
}

export function costMarkdown(cost) {
  const lines = [
    '## Cost curves: `scalewise lint` against one parse of the same text',
    '',
    `Each cell is the median of up to ${cost.runs} runs, lint and baseline alternating, each in a fresh process ` +
      `(${cost.budgetMs / 1000} s per size at most). Baselines: ${Object.entries(cost.baselines)
        .map(([k, v]) => `\`${k}\` = ${v}`)
        .join('; ')}. A ratio that stays flat as the size grows is linear cost.`,
    '',
    '| input | size | MB | lint | baseline | ratio | lint peak RSS | kind, findings |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of cost.rows) {
    lines.push(
      `| ${[
        r.label,
        `${r.size.toLocaleString('en-US')} ${r.unit}`,
        (r.bytes / MB).toFixed(2),
        `${r.lintMs} ms`,
        `${r.baseline} ${r.baselineMs} ms`,
        `**${r.ratio}**`,
        `${r.lintPeakRssMb} MB`,
        `${r.kind}, ${r.findings}${r.rules.length ? ` (${r.rules.join(', ')})` : ''}`,
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n') + '\n';
}

async function main() {
  const childArg = process.argv.find((a) => a.startsWith('--child='));
  if (childArg) return child(childArg.slice('--child='.length), process.argv[process.argv.indexOf(childArg) + 1]);
  const only = process.argv
    .find((a) => a.startsWith('--family='))
    ?.slice('--family='.length)
    .split(',');
  const families = only ? FAMILIES.filter((f) => only.includes(f.id)) : FAMILIES;
  if (families.length === 0) throw new Error(`no family ${only}; families: ${FAMILIES.map((f) => f.id).join(', ')}`);
  console.log('Cost curves (lint / one parse):');
  const cost = await runCost({ families, keepInputs: process.argv.includes('--keep-inputs') });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'cost.json'), JSON.stringify({ date: new Date().toISOString(), ...cost }, null, 2) + '\n');
  writeFileSync(join(outDir, 'cost.md'), costMarkdown(cost));
  console.log('Wrote bench/out/cost.json and bench/out/cost.md');
}

if (process.argv[1] && resolve(process.argv[1]) === here) {
  main().catch((err) => {
    console.error(`bench cost failed: ${err.message}`);
    process.exit(1);
  });
}
