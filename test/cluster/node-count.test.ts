/**
 * The read-only node count (server/src/cluster/node-count.ts) against a local HTTPS server that
 * answers `GET /api/v1/nodes` as the Kubernetes API does (NodeList, `limit`/`continue` paging,
 * `Status` objects for 401/403/400/410), through a kubeconfig with its own CA, as a real cluster is
 * reached. The same count then runs against a real cluster when SCALEWISE_TEST_KUBECONFIG names a
 * kubeconfig.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { assembleConfig } from '../../server/src/engine';
import {
  countedNodes,
  countNodes,
  describeCount,
  NodeCounter,
  type NodeCountResult,
} from '../../server/src/cluster/node-count';
import { closedUrl as nothingListens, makeCerts, status, writeKubeconfig } from '../helpers/kube-api-server';
import { fileUri, LspClient, repoRoot } from '../helpers/lsp-client';
import { paragraph, yaml } from '../../server/src/engine/template-text';

const TOKENS = { admin: 'admin-token', viewer: 'viewer-token', slow: 'slow-token' };
const NODE_COUNT = 7;

interface Seen {
  method: string;
  path: string;
  limit: string | null;
  continue: string | null;
  auth: string | undefined;
}

function node(i: number) {
  return {
    metadata: {
      name: `node-${i}`,
      uid: `00000000-0000-0000-0000-00000000000${i}`,
      resourceVersion: String(1000 + i),
      labels: { 'kubernetes.io/hostname': `node-${i}` },
    },
    spec: { podCIDR: `10.42.${i}.0/24` },
    status: { capacity: { cpu: '8', memory: '32Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

/** The API server's half of the contract for `GET /api/v1/nodes`. */
function handler(seen: Seen[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://localhost');
    seen.push({
      method: req.method ?? '',
      path: url.pathname,
      limit: url.searchParams.get('limit'),
      continue: url.searchParams.get('continue'),
      auth: req.headers.authorization,
    });
    const send = (code: number, body: object) => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const auth = req.headers.authorization ?? '';
    if (auth === `Bearer ${TOKENS.slow}`) return; // never answers
    if (auth !== `Bearer ${TOKENS.admin}` && auth !== `Bearer ${TOKENS.viewer}`)
      return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (req.method !== 'GET' || url.pathname !== '/api/v1/nodes')
      return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    if (auth === `Bearer ${TOKENS.viewer}`) {
      return send(
        403,
        status(
          403,
          'Forbidden',
          paragraph(
            'nodes is forbidden: User "system:serviceaccount:default:viewer" cannot list resource "nodes" in API',
            'group "" at the cluster scope',
          ),
          { kind: 'nodes' },
        ),
      );
    }
    const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : 0;
    let offset = 0;
    const cont = url.searchParams.get('continue');
    if (cont) {
      try {
        const parsed = JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as { rv: string; start: number };
        if (parsed.rv !== '5000')
          return send(
            410,
            status(
              410,
              'Expired',
              paragraph(
                'The provided continue parameter is too old to display a consistent list result. You can start a',
                'new list without the continue parameter.',
              ),
            ),
          );
        offset = parsed.start;
      } catch {
        return send(400, status(400, 'BadRequest', 'continue key is not valid: illegal base64 data at input byte 0'));
      }
    }
    const end = limit > 0 ? Math.min(NODE_COUNT, offset + limit) : NODE_COUNT;
    const items = Array.from({ length: end - offset }, (_, i) => node(offset + i));
    const metadata: Record<string, unknown> = { resourceVersion: '5000' };
    if (end < NODE_COUNT) {
      metadata.continue = Buffer.from(JSON.stringify({ rv: '5000', start: end })).toString('base64');
      metadata.remainingItemCount = NODE_COUNT - end;
    }
    send(200, { kind: 'NodeList', apiVersion: 'v1', metadata, items });
  };
}

let dir = '';
let caPem = '';
let server: https.Server;
let apiUrl = '';
let closedUrl = '';
const seen: Seen[] = [];

/** A kubeconfig with one context per situation; `current` picks the active one ('' for none). */
function kubeconfig(name: string, current: string, extra = ''): string {
  return writeKubeconfig(path.join(dir, name), {
    caPem,
    clusters: { local: apiUrl, down: closedUrl },
    users: { admin: TOKENS.admin, viewer: TOKENS.viewer, stranger: 'not-a-known-token', slow: TOKENS.slow },
    contexts: [
      { name: 'admin@local', cluster: 'local', user: 'admin' },
      { name: 'viewer@local', cluster: 'local', user: 'viewer', namespace: 'default' },
      { name: 'stranger@local', cluster: 'local', user: 'stranger' },
      { name: 'slow@local', cluster: 'local', user: 'slow' },
      { name: 'admin@down', cluster: 'down', user: 'admin' },
    ],
    current,
    extra,
  });
}

const emptyHome = () => fs.mkdtempSync(path.join(dir, 'home-'));
/** The test bundle carries the client itself; the built CLI loads server/out/kube-client.js. */
const loadClient = () => import('../../server/src/cluster/kube-client');
const withConfig = (file: string, more: object = {}) => ({
  env: { KUBECONFIG: file },
  home: emptyHome(),
  loadClient,
  ...more,
});

function failure(r: NodeCountResult) {
  assert.equal(r.ok, false, `expected a failure, got ${JSON.stringify(r)}`);
  return r as Extract<NodeCountResult, { ok: false }>;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-nodes-'));
  const { key, cert, ca } = makeCerts(dir);
  caPem = ca.toString('utf8');
  server = https.createServer({ key, cert }, handler(seen));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closedUrl = await nothingListens();
});

after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('node count against a local API server', () => {
  test('pages through the list with limit and continue, read-only', async () => {
    seen.length = 0;
    const r = await countNodes(withConfig(kubeconfig('admin.yaml', 'admin@local'), { pageSize: 3 }));
    assert.deepEqual(r, { ok: true, nodes: NODE_COUNT, context: 'admin@local', server: apiUrl, pages: 3 });
    assert.deepEqual(
      seen.map((s) => [s.method, s.path, s.limit, s.continue === null ? null : 'token']),
      [
        ['GET', '/api/v1/nodes', '3', null],
        ['GET', '/api/v1/nodes', '3', 'token'],
        ['GET', '/api/v1/nodes', '3', 'token'],
      ],
    );
    assert.ok(
      seen.every((s) => s.auth === `Bearer ${TOKENS.admin}`),
      "the context user's token is sent",
    );
    assert.equal(describeCount(r), `7 nodes counted in context admin@local (${apiUrl})`);
  });

  test('one page when the cluster is smaller than the page', async () => {
    const r = await countNodes(withConfig(kubeconfig('admin-500.yaml', 'admin@local')));
    assert.ok(r.ok);
    assert.equal(r.nodes, NODE_COUNT);
    assert.equal(r.pages, 1);
  });

  test("403: no permission to list nodes, with the API server's message", async () => {
    const r = failure(await countNodes(withConfig(kubeconfig('viewer.yaml', 'viewer@local'))));
    assert.equal(r.reason, 'forbidden');
    assert.equal(r.context, 'viewer@local');
    assert.match(
      r.message,
      new RegExp(
        paragraph(
          'no permission to list nodes in context viewer@local \\(403 Forbidden: nodes is forbidden:',
          'User "system:serviceaccount:default:viewer" cannot list resource "nodes"',
        ),
      ),
    );
  });

  test('401: credentials not accepted', async () => {
    const r = failure(await countNodes(withConfig(kubeconfig('stranger.yaml', 'stranger@local'))));
    assert.equal(r.reason, 'unauthorized');
    assert.match(r.message, /did not accept the credentials of context stranger@local \(401 Unauthorized/);
  });

  test('no kubeconfig: KUBECONFIG unset and no ~/.kube/config', async () => {
    const home = emptyHome();
    const r = failure(await countNodes({ env: {}, home, loadClient }));
    assert.equal(r.reason, 'no-kubeconfig');
    assert.equal(
      r.message,
      `no kubeconfig: KUBECONFIG is not set and ${path.join(home, '.kube', 'config')} does not exist`,
    );
  });

  test('KUBECONFIG naming only files that do not exist', async () => {
    const r = failure(
      await countNodes({ env: { KUBECONFIG: path.join(dir, 'nope.yaml') }, home: emptyHome(), loadClient }),
    );
    assert.equal(r.reason, 'no-kubeconfig');
    assert.match(r.message, /KUBECONFIG names .*nope\.yaml, which does not exist/);
  });

  test('~/.kube/config is read when KUBECONFIG is not set; missing files in KUBECONFIG are skipped', async () => {
    const home = emptyHome();
    fs.mkdirSync(path.join(home, '.kube'));
    fs.copyFileSync(kubeconfig('home.yaml', 'admin@local'), path.join(home, '.kube', 'config'));
    const fromHome = await countNodes({ env: {}, home, loadClient });
    assert.ok(fromHome.ok, describeCount(fromHome));
    const skipped = await countNodes({
      env: { KUBECONFIG: [path.join(dir, 'gone.yaml'), kubeconfig('second.yaml', 'admin@local')].join(path.delimiter) },
      home: emptyHome(),
      loadClient,
    });
    assert.ok(skipped.ok, describeCount(skipped));
  });

  test('no current context, or one that does not exist', async () => {
    const none = failure(await countNodes(withConfig(kubeconfig('none.yaml', ''))));
    assert.equal(none.reason, 'no-context');
    assert.match(none.message, /no current-context/);
    const wrong = failure(await countNodes(withConfig(kubeconfig('wrong.yaml', 'gone@nowhere'))));
    assert.equal(wrong.reason, 'no-context');
    assert.match(wrong.message, /"gone@nowhere" names no context/);
  });

  test('no connection: nothing listens at the server address', async () => {
    const r = failure(await countNodes(withConfig(kubeconfig('down.yaml', 'admin@down'))));
    assert.equal(r.reason, 'unreachable');
    assert.equal(r.message, `cannot reach the API server of context admin@down at ${closedUrl} (ECONNREFUSED)`);
  });

  test('times out when the API server does not answer', async () => {
    const started = Date.now();
    const r = failure(await countNodes(withConfig(kubeconfig('slow.yaml', 'slow@local'), { timeoutMs: 300 })));
    assert.equal(r.reason, 'timeout');
    assert.match(r.message, /no answer from https:\/\/127\.0\.0\.1:\d+ within 0\.3 s \(context slow@local\)/);
    assert.ok(Date.now() - started < 5000, 'gave up in time');
  });

  test('NodeCounter counts once and again only on refresh', async () => {
    let calls = 0;
    const counter = new NodeCounter({}, async () => {
      calls++;
      return { ok: true, nodes: 3, context: 'c', server: 's', pages: 1 };
    });
    assert.equal(counter.peek(), undefined);
    const [a, b] = await Promise.all([counter.get(), counter.get()]);
    assert.deepEqual(a, b);
    assert.equal(calls, 1);
    await counter.refresh();
    assert.equal(calls, 2);
    const throwing = new NodeCounter({}, async () => {
      throw new Error('boom');
    });
    assert.deepEqual(await throwing.get(), { ok: false, reason: 'error', message: 'counting failed: Error: boom' });
  });

  test('a written cluster.nodes wins over the count; the count fills it in otherwise', () => {
    const counted: NodeCountResult = { ok: true, nodes: 120, context: 'prod', server: 'https://x', pages: 1 };
    const cluster = (written: object, r: NodeCountResult) =>
      assembleConfig({ file: { cluster: written }, counted: countedNodes(r) }).config.cluster;
    assert.deepEqual(cluster({ nodes: 40 }, counted), { nodes: 40 });
    assert.deepEqual(cluster({ gpus: 8 }, counted), { gpus: 8, nodes: 120, nodesSource: 'counted in context prod' });
    assert.deepEqual(cluster({}, { ok: false, reason: 'forbidden', message: 'm' }), {});
  });

  test('CLI --count-nodes: the count sizes a RunaiConfig, and failures are reported, not thrown', async () => {
    const cli = path.join(repoRoot(), 'server/out/cli.js');
    const work = fs.mkdtempSync(path.join(dir, 'cli-'));
    fs.writeFileSync(
      path.join(work, 'runai-config.yaml'),
      yaml`
      apiVersion: run.ai/v1
      kind: RunaiConfig
      metadata:
        name: runai
      spec:
        global:
          schedulingServices:
            resources: {}
    `,
    );
    const run = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        // Asynchronous on purpose: the API server lives in this process.
        execFile(
          process.execPath,
          [cli, 'lint', '--count-nodes', '--hints', '--no-color', '.'],
          { cwd: work, env: { ...process.env, NO_COLOR: '1', ...env, HOME: emptyHome() }, timeout: 60_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
        );
      });
    const ok = await run({ KUBECONFIG: kubeconfig('cli.yaml', 'admin@local') });
    assert.match(ok.stderr, /scalewise: cluster size: 7 nodes counted in context admin@local/);
    // 7 nodes: below the newer table's first row (30), so the lens says so and nothing is reported.
    assert.match(ok.stdout, /Run:ai sizing for 7 nodes \(counted in context admin@local\)/);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    const denied = await run({ KUBECONFIG: kubeconfig('cli-viewer.yaml', 'viewer@local') });
    assert.match(
      denied.stderr,
      /scalewise: cluster size: nodes not counted: no permission to list nodes in context viewer@local \(403 Forbidden/,
    );
    assert.equal(denied.code, 0, denied.stdout + denied.stderr);
  });
});

/**
 * An exec credential plugin: prints an ExecCredential with `token` and appends its own path to
 * `ran` beside its folder, so a test can tell which copy ran.
 */
function execHelper(file: string, token: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const ran = path.join(path.dirname(path.dirname(file)), 'ran');
  fs.writeFileSync(
    file,
    `#!/bin/sh\necho "$0" >> '${ran}'\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`,
    { mode: 0o755 },
  );
  return ran;
}

/** A kubeconfig whose one user gets its token from the exec plugin `command`. */
function execKubeconfig(
  file: string,
  command: string,
  names = { user: 'exec', context: 'exec@local' },
  current = names.context,
): string {
  return writeKubeconfig(file, {
    caPem,
    clusters: { [`local-${names.user}`]: apiUrl },
    users: { [names.user]: { exec: command } },
    contexts: [{ name: names.context, cluster: `local-${names.user}`, user: names.user }],
    current,
  });
}

/** Runs `fn` with `dir` as the current directory (where client-node used to spawn a relative command). */
async function inDirectory<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const saved = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(saved);
  }
}

describe('exec credential plugins', () => {
  test("a relative command with a path separator runs from the kubeconfig's folder, as kubectl runs it, not from the current directory", async () => {
    const root = fs.mkdtempSync(path.join(dir, 'exec-'));
    const ran = execHelper(path.join(root, 'kube/bin/auth-helper'), TOKENS.admin);
    // The repository or workspace folder the CLI or server runs in, with a helper of its own.
    const decoyRan = execHelper(path.join(root, 'repo/bin/auth-helper'), 'decoy-token');
    const config = execKubeconfig(path.join(root, 'kube/config.yaml'), 'bin/auth-helper');
    const before = seen.length;
    const r = await inDirectory(path.join(root, 'repo'), () =>
      countNodes({ env: { KUBECONFIG: config }, home: emptyHome(), loadClient }),
    );
    assert.ok(r.ok, describeCount(r));
    assert.equal(r.nodes, NODE_COUNT);
    assert.deepEqual(fs.readFileSync(ran, 'utf8').trim().split('\n'), [path.join(root, 'kube/bin/auth-helper')]);
    assert.equal(fs.existsSync(decoyRan), false, 'the helper in the current directory never ran');
    assert.ok(seen.slice(before).every((s) => s.auth === `Bearer ${TOKENS.admin}`));
  });

  test("a bare command name is looked up in PATH, not in the kubeconfig's folder", async () => {
    const root = fs.mkdtempSync(path.join(dir, 'exec-path-'));
    const ran = execHelper(path.join(root, 'tools/bin/scalewise-test-auth'), TOKENS.admin);
    const besideRan = execHelper(path.join(root, 'kube/scalewise-test-auth'), 'beside-token');
    const config = execKubeconfig(path.join(root, 'kube/config.yaml'), 'scalewise-test-auth');
    const savedPath = process.env.PATH;
    process.env.PATH = `${path.join(root, 'tools/bin')}${path.delimiter}${savedPath ?? ''}`;
    try {
      const r = await inDirectory(path.join(root, 'kube'), () =>
        countNodes({ env: { KUBECONFIG: config }, home: emptyHome(), loadClient }),
      );
      assert.ok(r.ok, describeCount(r));
    } finally {
      process.env.PATH = savedPath;
    }
    assert.ok(fs.existsSync(ran));
    assert.equal(fs.existsSync(besideRan), false);
  });

  test(
    paragraph(
      "several KUBECONFIG files: each user's command is resolved against its own file; the first file to name",
      'a user, or to set current-context, wins',
    ),
    async () => {
      const root = fs.mkdtempSync(path.join(dir, 'exec-many-'));
      const firstRan = execHelper(path.join(root, 'a/bin/auth-helper'), TOKENS.admin);
      const secondRan = execHelper(path.join(root, 'b/bin/auth-helper'), 'second-token');
      const first = execKubeconfig(path.join(root, 'a/config.yaml'), 'bin/auth-helper');
      // The same user and context names again, and another current-context: kubectl keeps the first file's.
      const second = execKubeconfig(
        path.join(root, 'b/config.yaml'),
        './bin/auth-helper',
        { user: 'exec', context: 'exec@local' },
        'other@local',
      );
      const r = await inDirectory(root, () =>
        countNodes({ env: { KUBECONFIG: [first, second].join(path.delimiter) }, home: emptyHome(), loadClient }),
      );
      assert.ok(r.ok, describeCount(r));
      assert.equal(r.context, 'exec@local');
      assert.ok(fs.existsSync(firstRan));
      assert.equal(fs.existsSync(secondRan), false);
    },
  );
});

describe('language server with scalewise.cluster.countNodes', () => {
  const logsOf = (client: LspClient) =>
    client.notifications
      .filter((n) => n.method === 'window/logMessage')
      .map((n) => (n.params as { message: string }).message);

  test('counts once at start, sizes the lens with the count, recounts on refresh; a 403 is logged, not thrown', async () => {
    const saved = process.env.KUBECONFIG;
    const work = fs.mkdtempSync(path.join(dir, 'lsp-'));
    const file = path.join(work, 'runai-config.yaml');
    const text =
      'apiVersion: run.ai/v1\nkind: RunaiConfig\nmetadata:\n  name: runai\nspec:\n  global:\n    schedulingServices:\n      resources: {}\n';
    fs.writeFileSync(file, text);
    let countNodes = true;
    // The server inherits this environment: its kubeconfig is the local API server.
    process.env.KUBECONFIG = kubeconfig('lsp.yaml', 'admin@local');
    const client = await LspClient.start({
      workspaceFolders: [{ uri: fileUri(work), name: 'w' }],
      settings: (_scope, section) =>
        section === 'scalewise.cluster'
          ? { countNodes }
          : {
              enable: true,
              rules: {},
              kinds: {},
              debounceMs: 20,
              codeLens: { enable: true },
              schemaDiagnostics: 'never',
            },
    });
    try {
      await client.waitFor('the count in the log', () =>
        logsOf(client).find((m) => /cluster size: 7 nodes counted in context admin@local/.test(m)),
      );
      await client.open(fileUri(file), text);
      // The count arrived before the document opened (the log said so), so the first lens has it.
      // Lenses come without commands and are resolved (codeLens/resolve), as an editor does.
      const lenses = await client.codeLenses(fileUri(file));
      assert.ok(
        lenses.some((l) =>
          // The title is cut to 60 characters; the tooltip has it whole.
          /^Run:ai sizing for 7 nodes \(counted in context admin@local\)/.test(l.command?.tooltip ?? ''),
        ),
        JSON.stringify(lenses),
      );

      fs.writeFileSync(process.env.KUBECONFIG, fs.readFileSync(kubeconfig('lsp-viewer.yaml', 'viewer@local')));
      const refreshed = await client.request<{ ok: boolean; message: string }>('scalewise/refreshClusterSize', null);
      assert.equal(refreshed.ok, false);
      assert.match(
        refreshed.message,
        /nodes not counted: no permission to list nodes in context viewer@local \(403 Forbidden/,
      );
      assert.ok(
        logsOf(client).some((m) =>
          /cluster size: nodes not counted: no permission .* the Run:ai sizing rules use \.scalewise\.yaml only/.test(
            m,
          ),
        ),
        logsOf(client).join('\n'),
      );

      countNodes = false;
      const off = await client.request<{ ok: boolean; message: string }>('scalewise/refreshClusterSize', null);
      assert.deepEqual(off, {
        ok: false,
        message: 'Node counting is off: turn on the setting scalewise.cluster.countNodes.',
      });
      assert.equal(client.exitCode, null, 'the server is still running');
    } finally {
      await client.shutdown();
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
  test(
    paragraph(
      'an untrusted workspace counts nothing (no request, no exec plugin) whatever the user-level setting;',
      'once trusted it counts, with the helper beside the kubeconfig',
    ),
    async () => {
      const root = fs.mkdtempSync(path.join(dir, 'trust-'));
      const ran = execHelper(path.join(root, 'kube/bin/auth-helper'), TOKENS.admin);
      const config = execKubeconfig(path.join(root, 'kube/config.yaml'), 'bin/auth-helper');
      // The workspace folder is the server's working directory (as VS Code starts it) and ships a helper.
      const work = path.join(root, 'workspace');
      const decoyRan = execHelper(path.join(work, 'bin/auth-helper'), TOKENS.admin);
      fs.writeFileSync(
        path.join(work, 'runai-config.yaml'),
        yaml`
      apiVersion: run.ai/v1
      kind: RunaiConfig
      metadata:
        name: runai
      spec:
        global:
          schedulingServices:
            resources: {}
    `,
      );
      const before = seen.length;
      const client = await LspClient.start({
        cwd: work,
        env: { ...process.env, KUBECONFIG: config },
        workspaceFolders: [{ uri: fileUri(work), name: 'w' }],
        initializationOptions: { workspaceTrusted: false },
        // A user-level true: VS Code restricts only the workspace-level value.
        settings: (_scope, section) =>
          section === 'scalewise.cluster'
            ? { countNodes: true }
            : {
                enable: true,
                rules: {},
                kinds: {},
                debounceMs: 20,
                codeLens: { enable: true },
                schemaDiagnostics: 'never',
              },
      });
      try {
        await client.waitFor('the refusal in the log', () =>
          logsOf(client).find((m) => /node counting is off: the workspace is not trusted/.test(m)),
        );
        const refused = await client.request<{ ok: boolean; message: string }>('scalewise/refreshClusterSize', null);
        assert.deepEqual(refused, {
          ok: false,
          message: paragraph(
            'Node counting is off in an untrusted workspace: trust the workspace to count the nodes of the',
            'cluster.',
          ),
        });
        assert.equal(seen.length, before, 'no request reached the API server');
        assert.equal(fs.existsSync(ran) || fs.existsSync(decoyRan), false, 'no exec plugin ran');

        await client.notify('scalewise/workspaceTrust', { trusted: true });
        await client.waitFor('the count in the log', () =>
          logsOf(client).find((m) => /cluster size: 7 nodes counted in context exec@local/.test(m)),
        );
        assert.ok(seen.length > before);
        assert.ok(fs.existsSync(ran), 'the helper beside the kubeconfig ran');
        assert.equal(fs.existsSync(decoyRan), false, 'the one in the workspace folder did not');
      } finally {
        await client.shutdown();
      }
    },
  );
});

const REAL = process.env.SCALEWISE_TEST_KUBECONFIG;
describe('node count against a real cluster', () => {
  test(
    'counts the nodes of the current context of SCALEWISE_TEST_KUBECONFIG',
    {
      skip:
        !REAL &&
        'SCALEWISE_TEST_KUBECONFIG is not set: set it to a kubeconfig whose current context may list nodes to run this against a real cluster',
    },
    async () => {
      const r = await countNodes({ env: { KUBECONFIG: REAL }, timeoutMs: 15_000, pageSize: 2, loadClient });
      assert.ok(r.ok, describeCount(r));
      assert.ok(r.nodes >= 1, 'a cluster has at least one node');
      assert.ok(r.pages >= Math.ceil(r.nodes / 2), 'paged with limit=2');
    },
  );
});
