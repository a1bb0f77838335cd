// `scalewise mcp`: an MCP server over stdio. Read-only: every tool runs the CLI's own commands
// (runCli) with captured output, so the findings are the ones `scalewise lint --format json` gives.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { z } from 'zod';
import { readProcessClusterCapacity, runCli } from './cli';
import { scaleCommand } from './cli-scale';
import { RULES_BY_ID } from './engine';

declare const SCALEWISE_VERSION: string;

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    cwd: process.cwd(),
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    isTTY: false,
    readCapacity: readProcessClusterCapacity,
  });
  return { code, out, err };
}

function error(text: string) {
  return { isError: true, content: [{ type: 'text' as const, text }] };
}

/** `scalewise lint FILE --format json` as a tool result: the report as text, its array of files as structured content. */
async function lintResult(file: string, shown: string) {
  const r = await capture(['lint', file, '--format', 'json']);
  if (r.code === 2 || r.out === '') return error(r.err || `scalewise: cannot lint ${shown}`);
  // The JSON formatter's array, one report a file; structuredContent has to be an object.
  const files = JSON.parse(r.out) as unknown[];
  return { content: [{ type: 'text' as const, text: r.out }], structuredContent: { files } };
}

export async function startMcp(): Promise<void> {
  const server = new McpServer({ name: 'scalewise', version: SCALEWISE_VERSION });
  server.registerTool(
    'lint_file',
    {
      description: 'Lint a file as `scalewise lint --format json` does, with the workspace facts around it. Read-only.',
      inputSchema: { path: z.string().describe('path of the file, absolute or relative to the server cwd') },
    },
    ({ path }) => lintResult(path, path),
  );
  server.registerTool(
    'lint_text',
    {
      description:
        'Lint text as a file of that name (its name picks the kind), alone in a temporary folder. Read-only.',
      inputSchema: { text: z.string(), fileName: z.string().describe('e.g. docker-compose.yml or values.yaml') },
    },
    async ({ text, fileName }) => {
      const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'scalewise-mcp-'));
      try {
        const file = nodePath.join(dir, nodePath.basename(fileName));
        fs.writeFileSync(file, text);
        return await lintResult(file, fileName);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
  server.registerTool(
    'explain_rule',
    {
      description: 'Explain a Scalewise rule: summary, why, kinds, default severity, docs link. Read-only.',
      inputSchema: { rule: z.string().describe('rule id, as in the findings') },
    },
    ({ rule }) => {
      const meta = RULES_BY_ID.get(rule)?.meta;
      if (!meta) return error(`unknown rule "${rule}"; \`scalewise rules\` lists the rules`);
      const found = {
        id: meta.id,
        kinds: meta.kinds,
        defaultSeverity: meta.defaultSeverity,
        defaultOff: Boolean(meta.defaultOff),
        summary: meta.docs.summary,
        why: meta.docs.why,
        docs: meta.docsUrl,
      };
      return { content: [{ type: 'text', text: JSON.stringify(found, null, 2) }], structuredContent: found };
    },
  );
  server.registerTool(
    'sizing',
    {
      description:
        'Will it fit? `scalewise fit FILE... --format json`: replicas × requests against the nodes. Read-only.',
      inputSchema: { files: z.array(z.string()).min(1), context: z.string().optional() },
    },
    async ({ files, context }) => {
      const r = await capture([
        'fit',
        ...files,
        ...(context !== undefined ? ['--context', context] : []),
        '--format',
        'json',
      ]);
      if (r.code === 2 || r.out === '') return error(r.err || 'scalewise: fit gave no answer');
      const workloads = JSON.parse(r.out) as unknown[];
      return { content: [{ type: 'text', text: r.out }], structuredContent: { workloads } };
    },
  );
  server.registerTool(
    'plan_scale',
    {
      description:
        'The plan of `scalewise scale SYSTEM ARGS --dry-run`: what a scale would do. It never acts: always a dry run.',
      inputSchema: {
        system: z.enum(['compose', 'swarm', 'k8s', 'drakrun']),
        args: z.array(z.string()).describe('the arguments after the system, as on the command line'),
      },
    },
    async ({ system, args }) => {
      let out = '';
      const code = await scaleCommand([system, ...args, '--dry-run'], {
        cwd: process.cwd(),
        env: process.env,
        stdout: (s) => void (out += s),
        stderr: (s) => void (out += s),
        stdinIsTTY: false,
        ask: () => Promise.reject(new Error('no questions in a dry run')),
      });
      return { ...(code === 0 ? {} : { isError: true }), content: [{ type: 'text', text: out }] };
    },
  );
  await server.connect(new StdioServerTransport());
}
