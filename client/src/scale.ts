/**
 * The palette's scale commands: pick what to scale (lists from the server), type the count, read
 * the plan in a modal dialog (typing the name for a protected context), then the server runs the
 * plan it made (`runScale`) under a cancellable progress notification and says the outcome. The
 * client only asks and shows; planning and running are the server's (server/src/handlers/scale.ts).
 */
import * as vscode from 'vscode';
import {
  PlanScaleRequest,
  ScaleChoicesRequest,
  ServerCommands,
  UseDockerContextRequest,
  UseKubeContextRequest,
  type ScaleChoice,
  type ScaleChoicesParams,
  type ScaleCommandResult,
  type PlanScaleParams,
} from '../../server/src/protocol';
import type { Ctx } from './ctx';

type Args = Record<string, unknown>;

/** Off in an untrusted workspace, in code as well as in package.json `enablement`. The warning is not awaited: the command returns at once. */
export function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  const manage = 'Manage Workspace Trust';
  void vscode.window
    .showWarningMessage(
      'Scalewise: scale actions are off in an untrusted workspace. Trust the workspace to scale from it.',
      manage,
    )
    .then((choice) => choice === manage && vscode.commands.executeCommand('workbench.trust.manage'));
  return true;
}

/**
 * What a scale command did, its return value (for a caller such as the extension's own tests):
 * refused (untrusted workspace), the plan it showed and whether it was confirmed, and the server's
 * answer when it ran.
 */
export interface ScaleOutcome {
  refused?: true;
  plan?: { message: string; detail: string };
  confirmed: boolean;
  result?: ScaleCommandResult;
}
const REFUSED: ScaleOutcome = { refused: true, confirmed: false };
const NOT_ASKED: ScaleOutcome = { confirmed: false };

/**
 * Test-only (docs/testing.md): with SCALEWISE_TEST_CONFIRM=accept or =decline in the extension
 * host's environment, the modal confirmation is answered so instead of shown (and a protected
 * context's name is typed as asked). The plan is still made, logged and returned. Never set it in use.
 */
function testAnswer(): 'accept' | 'decline' | undefined {
  const v = process.env.SCALEWISE_TEST_CONFIRM;
  return v === 'accept' || v === 'decline' ? v : undefined;
}

/** A count the tools accept: a whole number, 0 to 10,000. */
export function countProblem(text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'A whole number of replicas, 0 or more.';
  if (Number(text) > 10_000) return 'At most 10000.';
  return undefined;
}

async function pick(ctx: Ctx, params: ScaleChoicesParams, title: string): Promise<ScaleChoice | undefined> {
  const r = await ctx.request(ScaleChoicesRequest, params);
  if (!r.ok) {
    void vscode.window.showErrorMessage(r.message);
    return undefined;
  }
  if (r.items.length === 0) {
    void vscode.window.showWarningMessage(`Scalewise: nothing to choose for ${title.toLowerCase()}.`);
    return undefined;
  }
  const items = r.items.map((c) => ({
    label: c.label,
    description: [c.current ? 'current' : '', c.description ?? ''].filter(Boolean).join(' · '),
    choice: c,
  }));
  // The current context or namespace first, so Enter keeps it.
  items.sort((a, b) => Number(b.choice.current === true) - Number(a.choice.current === true));
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.choice;
}

/** The target count: `to` when the caller gave one (a lens, a test), else asked in an input box. */
async function askCount(what: string, current: number | undefined, to?: unknown): Promise<number | undefined> {
  if (typeof to === 'number' && countProblem(String(to)) === undefined) return to;
  const text = await vscode.window.showInputBox({
    title: `Scale ${what}`,
    prompt: `How many replicas${current === undefined ? '' : ` (now ${current})`}?`,
    ...(current === undefined ? {} : { value: String(current) }),
    validateInput: countProblem,
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** Plan (server), the modal dialog, the typed name when protected, then run (server). */
async function confirmAndRun(ctx: Ctx, p: PlanScaleParams): Promise<ScaleOutcome> {
  const planned = await ctx.request(PlanScaleRequest, p);
  if (!planned.ok) {
    ctx.output.error(planned.message);
    for (const line of planned.details ?? []) ctx.output.error(line);
    void vscode.window.showErrorMessage(planned.message);
    return NOT_ASKED;
  }
  const { plan, text, planId } = planned;
  ctx.output.info(text);
  const [first, ...rest] = text.split('\n');
  const yes = `Scale to ${plan.desired}`;
  const shown = { message: first ?? '', detail: rest.join('\n') };
  const answer = testAnswer();
  const choice =
    answer === undefined
      ? await vscode.window.showWarningMessage(shown.message, { modal: true, detail: shown.detail }, yes)
      : answer === 'accept' && yes;
  if (choice !== yes) return { plan: shown, confirmed: false };
  let confirm: string | undefined;
  if (plan.typeToConfirm !== undefined) {
    const name = plan.typeToConfirm;
    confirm =
      answer === undefined
        ? await vscode.window.showInputBox({
            title: 'Protected context',
            prompt: `Type "${name}" to scale it.`,
            validateInput: (v) => (v === name ? undefined : `Type exactly ${name}.`),
          })
        : name;
    if (confirm !== name) return { plan: shown, confirmed: false };
  }
  // The server shows the progress (window/workDoneProgress) and the outcome (window/showMessage).
  const r = (await vscode.commands.executeCommand(ServerCommands.runScale, {
    planId,
    ...(confirm !== undefined ? { confirm } : {}),
  })) as ScaleCommandResult | undefined;
  if (r && !r.ok) for (const line of r.details ?? []) ctx.output.error(line);
  return { plan: shown, confirmed: true, ...(r ? { result: r } : {}) };
}

const given = (arg: unknown): Args | undefined =>
  arg && typeof arg === 'object' && !Array.isArray(arg) ? (arg as Args) : undefined;

export async function scaleKubernetes(ctx: Ctx, arg?: unknown): Promise<ScaleOutcome> {
  if (refuseUntrusted()) return REFUSED;
  const a = given(arg);
  let args: Args;
  if (a && typeof a.name === 'string') {
    const { to: _to, ...rest } = a;
    args = rest;
  } else {
    const context = await pick(ctx, { what: 'kubeContexts' }, 'Kubernetes context');
    if (!context) return NOT_ASKED;
    const namespaces = await pick(
      ctx,
      { what: 'kubeNamespaces', context: context.value },
      `Namespace in ${context.value}`,
    );
    if (!namespaces) return NOT_ASKED;
    const workload = await pick(
      ctx,
      { what: 'kubeWorkloads', context: context.value, namespace: namespaces.value },
      `Workload in ${context.value}/${namespaces.value}`,
    );
    if (!workload) return NOT_ASKED;
    const [kind, name] = workload.value.split('/');
    args = {
      kind,
      name,
      context: context.value,
      namespace: namespaces.value,
      ...(workload.replicas !== undefined ? { replicas: workload.replicas } : {}),
    };
  }
  const n = await askCount(`${String(args.kind)}/${String(args.name)}`, numberOf(args.replicas), a?.to);
  if (n === undefined) return NOT_ASKED;
  return confirmAndRun(ctx, { system: 'kubernetes', args: { ...args, replicas: n } });
}

export async function scaleCompose(ctx: Ctx, arg?: unknown): Promise<ScaleOutcome> {
  if (refuseUntrusted()) return REFUSED;
  const a = given(arg);
  let file = typeof a?.file === 'string' ? a.file : undefined;
  const editor = vscode.window.activeTextEditor?.document;
  if (!file) {
    if (!editor || editor.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('Scalewise: open the Compose file to scale one of its services.');
      return NOT_ASKED;
    }
    file = editor.uri.fsPath;
  }
  let service = typeof a?.service === 'string' ? a.service : undefined;
  let replicas = numberOf(a?.replicas);
  if (!service) {
    const picked = await pick(ctx, { what: 'composeServices', file }, 'Compose service');
    if (!picked) return NOT_ASKED;
    service = picked.value;
    replicas = picked.replicas;
  }
  const n = await askCount(`service ${service}`, replicas, a?.to);
  if (n === undefined) return NOT_ASKED;
  const { to: _to, ...rest } = a ?? {};
  return confirmAndRun(ctx, { system: 'compose', args: { ...rest, file, service, replicas: n } });
}

export async function scaleSwarm(ctx: Ctx, arg?: unknown): Promise<ScaleOutcome> {
  if (refuseUntrusted()) return REFUSED;
  const a = given(arg);
  let service = typeof a?.service === 'string' ? a.service : undefined;
  let replicas = numberOf(a?.replicas);
  if (!service) {
    const picked = await pick(ctx, { what: 'swarmServices' }, 'Swarm service');
    if (!picked) return NOT_ASKED;
    service = picked.value;
    replicas = picked.replicas;
  }
  const n = await askCount(`Swarm service ${service}`, replicas, a?.to);
  if (n === undefined) return NOT_ASKED;
  return confirmAndRun(ctx, { system: 'swarm', args: { service, replicas: n } });
}

export async function scaleDrakrun(ctx: Ctx, arg?: unknown): Promise<ScaleOutcome> {
  if (refuseUntrusted()) return REFUSED;
  const n = await askCount('drakrun workers', numberOf(given(arg)?.workers), given(arg)?.to);
  if (n === undefined) return NOT_ASKED;
  return confirmAndRun(ctx, { system: 'drakrun', args: { workers: n } });
}

/**
 * The status bar's switch. Docker: `docker context use NAME`, Docker's own switch, shared by every
 * terminal, which is what the user picks it for. Kubernetes: Scalewise's own context for its scale
 * actions and lenses, the kubeconfig left as it is: a kubectl in a terminal would otherwise start
 * talking to another cluster without anyone having typed a command there.
 */
export async function switchContext(ctx: Ctx): Promise<void> {
  if (refuseUntrusted()) return;
  const [kube, docker] = await Promise.all([
    ctx.request(ScaleChoicesRequest, { what: 'kubeContexts' }),
    ctx.request(ScaleChoicesRequest, { what: 'dockerContexts' }),
  ]);
  type Item = vscode.QuickPickItem & { run?: () => Promise<void> };
  const items: Item[] = [];
  if (kube.ok && kube.items.length > 0) {
    items.push({
      label: 'Kubernetes (for Scalewise; the kubeconfig is not changed)',
      kind: vscode.QuickPickItemKind.Separator,
    });
    for (const c of kube.items)
      items.push({
        label: `$(cloud) ${c.label}`,
        description: [c.current ? 'kubeconfig current-context' : '', c.namespace ?? ''].filter(Boolean).join(' · '),
        run: async () => {
          await ctx.request(UseKubeContextRequest, c.current ? {} : { context: c.value });
        },
      });
  }
  if (docker.ok && docker.items.length > 0) {
    items.push({ label: 'Docker (docker context use)', kind: vscode.QuickPickItemKind.Separator });
    for (const c of docker.items)
      items.push({
        label: `$(server) ${c.label}`,
        description: [c.current ? 'current' : '', c.description ?? ''].filter(Boolean).join(' · '),
        run: async () => {
          const r = await ctx.request(UseDockerContextRequest, { context: c.value });
          if (r.ok) void vscode.window.showInformationMessage(r.message);
          else void vscode.window.showErrorMessage(r.message);
        },
      });
  }
  if (items.length === 0) {
    const why = [kube, docker]
      .map((r) => (r.ok ? '' : r.message))
      .filter(Boolean)
      .join(' ');
    void vscode.window.showWarningMessage(`Scalewise: no context to switch to. ${why}`.trim());
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Switch context' });
  if (picked?.run) await picked.run();
  await ctx.updateContexts();
}

function numberOf(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}
