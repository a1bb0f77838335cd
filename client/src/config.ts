/** Typed access to the `scalewise.*` settings the client itself uses. */
import * as vscode from 'vscode';

/** Settings that only take effect when the language server restarts. */
export const REQUIRES_RESTART = ['scalewise.trace.server'] as const;

export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('scalewise');
  }

  get enable(): boolean {
    return this.section.get<boolean>('enable', true);
  }

  get trace(): 'off' | 'messages' | 'verbose' {
    return this.section.get<'off' | 'messages' | 'verbose'>('trace.server', 'off');
  }

  needsRestart(e: vscode.ConfigurationChangeEvent): boolean {
    return REQUIRES_RESTART.some((key) => e.affectsConfiguration(key));
  }
}
