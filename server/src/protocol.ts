/**
 * Everything the client and the server agree on beyond standard LSP. The one server file the
 * client may import (it pulls in nothing but constants and types).
 */

/** Commands the server asks the client to run (code actions, code lenses). */
export const ClientCommands = {
  /** Opens a rule's documentation page. Argument: `{ ruleId: string; url: string }`. */
  showRuleDocs: 'scalewise.showRuleDocs',
} as const;

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
export const WorkspaceTrustNotification = 'scalewise/workspaceTrust';
export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** What a diagnostic carries in `data`, so a code action can rebuild its fix without matching text. */
export interface DiagnosticData {
  ruleId: string;
  messageId: string;
  /** Document version the fixes were computed for. */
  version: number;
  /** Index of the finding in the last lint result of that version. */
  index: number;
}

/**
 * Client -> server request ("Scalewise: Refresh Cluster Size"): count the nodes of the active
 * kubeconfig context again (read-only) and re-lint. Only with `scalewise.cluster.countNodes` on.
 */
export const RefreshClusterSizeRequest = 'scalewise/refreshClusterSize';
export interface RefreshClusterSizeResult {
  ok: boolean;
  /** One line for the notification. */
  message: string;
}

/** Server -> client notification: the kind detected for a document, for the status bar. */
export const KindNotification = 'scalewise/kind';
export interface KindParams {
  uri: string;
  kind: string;
  reason: string;
  problems: number;
}
