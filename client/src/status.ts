/**
 * What the status bar item says about the active document, from the server's kind notification.
 * No `vscode` import, so a unit test reads it as the user will.
 */
import type { ActiveContexts, KindParams } from '../../server/src/protocol';

export interface StatusText {
  text: string;
  tooltip: string;
}

export function statusFor(info: KindParams | undefined): StatusText {
  if (!info || info.kind === 'none') {
    return {
      text: '$(pulse) Scalewise',
      tooltip: 'Scalewise: this file is not one Scalewise checks. Click for the output channel.',
    };
  }
  if (info.kind === 'template') {
    // A Helm or Jinja template is YAML only once rendered: checking the raw text would report its directives.
    return {
      text: '$(pulse) Scalewise: template (not linted)',
      tooltip:
        `Not linted: a template (${info.reason}). Its text becomes YAML only when it is rendered ` +
        '(helm template, Ansible); lint the rendered files, or set its kind in scalewise.kinds. ' +
        'Click for the output channel.',
    };
  }
  return {
    text: `$(pulse) Scalewise: ${info.kind}`,
    tooltip: `Checked as ${info.kind} (${info.reason}); ${info.problems} finding${info.problems === 1 ? '' : 's'}. Click for the output channel.`,
  };
}

/**
 * The contexts item: where a scale acts now. Undefined: nothing to show (untrusted, or neither a
 * kubeconfig context nor a Docker context).
 */
export function contextStatusFor(a: ActiveContexts): StatusText | undefined {
  if (!a.trusted || (!a.kubernetes && !a.docker)) return undefined;
  const parts: string[] = [];
  const tips: string[] = [];
  if (a.kubernetes) {
    const k = a.kubernetes;
    parts.push(`$(cloud) ${k.context}/${k.namespace}`);
    tips.push(
      k.scalewiseOnly
        ? `Kubernetes: ${k.context}, namespace ${k.namespace}, for Scalewise only (kubectl still uses ${k.kubeconfigContext ?? 'no context'}).`
        : `Kubernetes: ${k.context}, namespace ${k.namespace} (the kubeconfig's current-context).`,
    );
  } else if (a.kubernetesMissing) tips.push(`Kubernetes: ${a.kubernetesMissing}.`);
  if (a.docker) {
    parts.push(`$(server) ${a.docker.context}`);
    tips.push(`Docker context: ${a.docker.context}.`);
  } else if (a.dockerMissing) tips.push(`Docker: ${a.dockerMissing}.`);
  tips.push('Click to switch.');
  return { text: parts.join('  '), tooltip: tips.join('\n') };
}
