/**
 * Everything the client and the server agree on beyond standard LSP: typed messages (one
 * RequestType/NotificationType per custom method, used on both sides, as yaml-language-server's
 * src/requestTypes.ts), the command ids, settings and initialization options. The one server file
 * the client may import: it pulls in constants, types, the message classes of
 * vscode-languageserver-protocol and the rule docs address (engine/define-rule.ts, no engine code).
 */
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

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
  refreshClusterSize: 'scalewise.refreshClusterSize',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

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
  debounceMs: 250,
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
