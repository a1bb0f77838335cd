/**
 * Everything the client and the server agree on beyond standard LSP: typed messages (one
 * RequestType/NotificationType per custom method, used on both sides, as yaml-language-server's
 * src/requestTypes.ts), the command ids, settings and initialization options. The one server file
 * the client may import: it pulls in constants, types, the message classes of
 * vscode-languageserver-protocol and the rule docs address (engine/define-rule.ts, no engine code).
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { ActionFailure, ScalePlan, ScaleSystem } from './actions/types';

export { docsUrl as ruleDocsUrl, ruleFileName } from './engine/define-rule';

/**
 * Every `scalewise.*` command: the client registers one handler per entry (client/src/commands.ts),
 * package.json `contributes.commands` lists the same ids (test/unit/protocol-table.test.ts checks
 * both ways).
 */
export const Commands = {
  restartServer: 'scalewise.restartServer',
  showOutput: 'scalewise.showOutput',
  fixAll: 'scalewise.fixAll',
  /** Opens a rule's documentation page; the server puts it on code actions. Argument: `{ ruleId: string; url: string }`. */
  showRuleDocs: 'scalewise.showRuleDocs',
  /** The walkthrough's example (media/walkthrough/example-compose.yaml) as a new unsaved document. */
  openExample: 'scalewise.openExample',
  refreshClusterSize: 'scalewise.refreshClusterSize',
  /**
   * The palette's scale commands: pickers, a number, a modal confirmation, then the server runs it.
   * Optional argument: a `ScaleCommandArgs['args']` of their system (a code lens gives one).
   */
  scaleKubernetes: 'scalewise.scaleKubernetes',
  scaleCompose: 'scalewise.scaleCompose',
  scaleSwarm: 'scalewise.scaleSwarm',
  scaleDrakrun: 'scalewise.scaleDrakrun',
  /** The status bar item: switch the Docker context (`docker context use`) or Scalewise's Kubernetes context. */
  switchContext: 'scalewise.switchContext',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/**
 * The commands the server runs (`workspace/executeCommand`, declared in `executeCommandProvider`),
 * for every editor. Not in package.json: vscode-languageclient registers each one as a VS Code
 * command by itself, so they must differ from the ids of `Commands`.
 *
 * - `scale` (`ScaleCommandArgs`): plans, asks with `window/showMessageRequest`, runs with
 *   `window/workDoneProgress`, says the outcome with `window/showMessage`. For any client.
 * - `runScale` (`RunScaleArgs`): runs a plan that `PlanScaleRequest` made and the client confirmed
 *   itself; only for a client that says so (`InitializationOptions.confirmsScale`, VS Code).
 *
 * Both answer with a `ScaleCommandResult` and refuse in an untrusted workspace before planning.
 *
 * - `showSizing` (`SizingDetailsArgs`): a sizing code lens's click; says the whole summary and its
 *   detail with `window/showMessage`. Answers null.
 * - `ruleDocumentation` (`RuleDocsArgs`): the "Show documentation" code action; opens the rule's
 *   page with `window/showDocument` (the page shipped beside the server, else the web page), or
 *   says its summary and address with `window/showMessage` to a client without showDocument.
 *   Answers null.
 */
export const ServerCommands = {
  scale: 'scalewise.scale',
  runScale: 'scalewise.runScale',
  showSizing: 'scalewise.sizingDetails',
  ruleDocumentation: 'scalewise.ruleDocumentation',
} as const;
export type ServerCommandId = (typeof ServerCommands)[keyof typeof ServerCommands];

/** Arguments of `ServerCommands.showSizing`: plain text. */
export interface SizingDetailsArgs {
  title: string;
  detail?: string;
}

/** Arguments of `ServerCommands.ruleDocumentation` (and of `Commands.showRuleDocs`). */
export interface RuleDocsArgs {
  ruleId: string;
  url?: string;
}

/** Arguments of `ServerCommands.scale` (and of `PlanScaleRequest`, without `confirm`). */
export interface ScaleCommandArgs {
  system: ScaleSystem;
  /** The executor's own arguments (server/src/actions/*.ts), checked by its `plan`. */
  args: Record<string, unknown>;
  /**
   * For a protected context (`ScalePlan.typeToConfirm`): the exact text to type. A
   * showMessageRequest cannot take typed text, so other editors pass it here; without it the
   * server shows the plan and says what to pass.
   */
  confirm?: string;
}

export interface RunScaleArgs {
  /** From `PlanScaleResult`: the server runs its own copy of the plan, once. */
  planId: string;
  /** For a plan with `typeToConfirm`: what the user typed (the server checks it too). */
  confirm?: string;
}

/** What `scale` and `runScale` answer (the outcome is also shown with `window/showMessage`). */
export type ScaleCommandResult = { ok: true; message: string } | ActionFailure;

export type PlanScaleParams = Omit<ScaleCommandArgs, 'confirm'>;
export type PlanScaleResult =
  | {
      ok: true;
      planId: string;
      plan: ScalePlan;
      /** `describePlan(plan)`: the text of the confirmation. */
      text: string;
    }
  | ActionFailure;
/** Client -> server: plan a scale (read-only) for the client's own confirmation dialog. */
export const PlanScaleRequest = new RequestType<PlanScaleParams, PlanScaleResult, void>('scalewise/planScale');

/** What a picker lists: `file` for `composeServices`, `context` / `namespace` for Kubernetes. */
export interface ScaleChoicesParams {
  what: 'kubeContexts' | 'kubeNamespaces' | 'kubeWorkloads' | 'composeServices' | 'swarmServices' | 'dockerContexts';
  context?: string;
  namespace?: string;
  /** A Compose file (path or file URI). */
  file?: string;
}
/** One item of a picker (server/src/actions/index.ts lists them). */
export interface ScaleChoice {
  /** What goes into the executor's arguments: `web`, `deployment/web`, a context name. */
  value: string;
  label: string;
  description?: string;
  /** The current (or, for a file, the declared) count, where the list knows it. */
  replicas?: number;
  /** The active one (the current context, the context's namespace). */
  current?: boolean;
  /** A context's namespace (kubeContexts). */
  namespace?: string;
}
export type ScaleChoicesResult = { ok: true; items: ScaleChoice[] } | ActionFailure;
/** Client -> server: the items of a scale picker, from the registry's list functions (server/src/actions/index.ts). */
export const ScaleChoicesRequest = new RequestType<ScaleChoicesParams, ScaleChoicesResult, void>(
  'scalewise/scaleChoices',
);

/** Where a scale would act now: for the status bar. */
export interface ActiveContexts {
  trusted: boolean;
  kubernetes?: {
    context: string;
    namespace: string;
    /** True: chosen in Scalewise (`UseKubeContextRequest`); the kubeconfig's current-context is `kubeconfigContext`. */
    scalewiseOnly: boolean;
    kubeconfigContext?: string;
  };
  /** Why there is no Kubernetes context (no kubeconfig, no current-context). */
  kubernetesMissing?: string;
  docker?: { context: string };
  dockerMissing?: string;
}
export const ActiveContextsRequest = new RequestType0<ActiveContexts, void>('scalewise/activeContexts');

/**
 * Client -> server: the Kubernetes context (and namespace) Scalewise's scale actions and lenses use
 * from now on, in this server's life; `context` undefined goes back to the kubeconfig's
 * current-context. The kubeconfig is not changed: kubectl in a terminal keeps its own context.
 */
export interface UseKubeContextParams {
  context?: string;
  namespace?: string;
}
export const UseKubeContextRequest = new RequestType<UseKubeContextParams, ActiveContexts, void>(
  'scalewise/useKubeContext',
);

/** Client -> server: `docker context use NAME` (argv, trusted workspaces only). */
export interface UseDockerContextParams {
  context: string;
}
export const UseDockerContextRequest = new RequestType<UseDockerContextParams, ScaleCommandResult, void>(
  'scalewise/useDockerContext',
);

export const SERVER_SOURCE = 'scalewise';

/** `source.fixAll.scalewise`: the safe fixes of a file, for "Fix All" and editor.codeActionsOnSave. */
export const FIX_ALL_KIND = 'source.fixAll.scalewise';

/** Per-resource settings the server asks for with workspace/configuration (section `scalewise`). */
export interface ScalewiseSettings {
  enable: boolean;
  rules: Record<string, 'off' | 'hint' | 'info' | 'warning' | 'error'>;
  kinds: Record<string, string>;
  debounceMs: number;
  codeLens: { enable: boolean };
  schemaDiagnostics: 'auto' | 'always' | 'never';
  /** `scalewise.limits.maxNestingDepth`; the engine clamps it (engine/nesting.ts). */
  limits?: { maxNestingDepth?: number };
}

export const DEFAULT_SETTINGS: ScalewiseSettings = {
  enable: true,
  rules: {},
  kinds: {},
  // 0: lint at once. A superseded lint stops within 10 ms (lint-runs.ts), so waiting saves CPU only
  // for waits past the gaps between keystrokes (100 ms and more) and adds the wait to every
  // diagnostic; docs/configuration.md "Choosing the debounce" has the measurements.
  debounceMs: 0,
  codeLens: { enable: true },
  schemaDiagnostics: 'auto',
};

/** Sent by the client at start: facts about the editor the server cannot see. */
export interface InitializationOptions {
  /** Red Hat YAML validates our schemas (yamlValidation) and Compose; don't report those twice. */
  redHatYamlPresent?: boolean;
  /**
   * Caps of one workspace scan (scripts, Compose files, manifests read for facts across files):
   * files and bytes read. Defaults: 20,000 files, 200 MB. Reaching one is logged.
   */
  workspaceScan?: { maxFiles?: number; maxBytes?: number };
  /**
   * VS Code's workspace trust (`vscode.workspace.isTrusted`). Untrusted: the server counts no
   * nodes (runs no kubeconfig exec plugin, sends no request), whatever `scalewise.cluster.countNodes`
   * says at user level, and ignores `kinds` from the workspace's `.scalewise.yaml`, as VS Code
   * ignores the restricted setting `scalewise.kinds`. A client that does not send it has no notion
   * of trust (other LSP editors): the server then treats the workspace as trusted, as before; node
   * counting stays off unless the user turns it on.
   */
  workspaceTrusted?: boolean;
  /**
   * True: the client confirms scale plans itself (VS Code: a modal dialog, typing the name for a
   * protected context) and runs them with `ServerCommands.runScale`; code lenses then name the
   * client's commands. Otherwise the server confirms with `window/showMessageRequest`.
   */
  confirmsScale?: boolean;
}

/** Client -> server notification: the user trusted the workspace (VS Code `onDidGrantWorkspaceTrust`). */
export interface WorkspaceTrustParams {
  trusted: boolean;
}
export const WorkspaceTrustNotification = new NotificationType<WorkspaceTrustParams>('scalewise/workspaceTrust');

/**
 * What a diagnostic carries in `data`, so a code action finds its finding without matching text
 * (handlers/code-actions.ts): a diagnostic of another version gets no fix, and `index` tells apart
 * findings of one rule at one place.
 */
export interface DiagnosticData {
  ruleId: string;
  messageId: string;
  /** Document version the fixes were computed for. */
  version: number;
  /** Index of the finding in the lint result of that version. */
  index: number;
}

/**
 * Client -> server request ("Scalewise: Refresh Cluster Size"): count the nodes of the active
 * kubeconfig context again (read-only) and re-lint. Only with `scalewise.cluster.countNodes` on.
 */
export interface RefreshClusterSizeResult {
  ok: boolean;
  /** One line for the notification. */
  message: string;
}
export const RefreshClusterSizeRequest = new RequestType0<RefreshClusterSizeResult, void>(
  'scalewise/refreshClusterSize',
);

/** Server -> client notification: the kind detected for a document, for the status bar. */
export interface KindParams {
  uri: string;
  kind: string;
  reason: string;
  problems: number;
}
export const KindNotification = new NotificationType<KindParams>('scalewise/kind');

/** One rule, as "Scalewise: Show Rule Documentation" lists it: from the rule table (server/src/engine/rules). */
export interface RuleSummary {
  id: string;
  /** The one-line summary of the rule's docs. */
  summary: string;
  kinds: string[];
  defaultSeverity: 'error' | 'warning' | 'info' | 'hint';
  /** Off unless turned on in settings or `.scalewise.yaml`. */
  defaultOff: boolean;
  /** The strongest fix it offers (`safe` is applied by Fix All), or null. */
  fixable: 'safe' | 'suggestion' | null;
  /** The web page; the extension ships the same page as docs/rules/`ruleFileName(id)`.md. */
  docsUrl: string;
}
/** Client -> server: every rule, sorted by id (handlers/rule-list.ts). */
export const RuleListRequest = new RequestType0<RuleSummary[], void>('scalewise/ruleList');
