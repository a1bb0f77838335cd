/**
 * Templates are not YAML (issue 8). A Helm chart's templates/ (Go templates, rendered by `helm
 * install`) and a Jinja-templated manifest (rendered by Ansible before `kubectl apply`) become YAML
 * only when rendered: read raw, `{{- if … }}` and `{% for … %}` are YAML errors, and
 * `{{ toYaml .Values.resources | nindent 12 }}` hides what the rendered manifest will hold. Such
 * files are kind `template`: detected here, never linted.
 */
import * as path from 'node:path';
import { CST, Lexer } from 'yaml';

/**
 * The Chart.yaml whose templates/ folder holds this file, at any depth (templates/tests/, a
 * subchart's charts/db/templates/), or null. Helm renders the files there into manifests, and
 * `NOTES.txt` and `_helpers.tpl` (partials) are templates that render to no manifest at all:
 * https://helm.sh/docs/topics/charts/#the-chart-file-structure ("templates/ # A directory of
 * templates that, when combined with values, will generate valid Kubernetes manifest files"),
 * https://helm.sh/docs/chart_template_guide/named_templates/#partials-and-_-files.
 */
export function chartOfTemplate(fsPath: string, exists: (absPath: string) => boolean): string | null {
  let dir = path.dirname(fsPath);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    if (path.basename(dir) === 'templates') {
      for (const name of ['Chart.yaml', 'Chart.yml'])
        if (exists(path.join(parent, name))) return path.join(parent, name);
    }
    dir = parent;
  }
}

/** Lexer tokens that stand for no text: the start of a document, a scalar, the end of a broken flow collection. */
const NO_TEXT = new Set<string>([CST.DOCUMENT, CST.SCALAR, CST.FLOW_END]);

export interface TemplateDirective {
  offset: number;
  /** `{{`, `{%` or `{#`. */
  opener: string;
}

/**
 * The first Go or Jinja template directive where the YAML grammar reads structure: a `{{`, `{%`
 * or `{#` that the YAML lexer takes for the start of a flow mapping (`name: {{ .Release.Name }}`,
 * `{{- if … }}` on its own line, `{% endif %}`), so the raw text is either a YAML error or a map
 * that the rendered file will not have. A directive inside a quoted or plain scalar, a block
 * scalar or a comment is text to YAML, and the file is linted as it stands: Swarm's
 * `hostname: "{{.Node.Hostname}}"`, Prometheus' `summary: "{{ $labels.instance }} down"`,
 * GitHub-Actions-like `${{ github.sha }}` (a `$` before it is never a Go or Jinja directive).
 */
export function templateDirective(text: string): TemplateDirective | null {
  // Most files have none: no second pass of the lexer for them.
  if (!/\{[{%#]/.test(text)) return null;
  // A directive is closed (`}}`, `%}`, `#}`) somewhere after it; a lone `{{` is broken YAML, a syntax error to report.
  const unclosed = new Set<string>();
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (NO_TEXT.has(lexeme)) continue;
    if (lexeme === '{' && text[offset] === '{') {
      const next = text[offset + 1];
      const closer = next === '{' ? '}}' : next === '%' || next === '#' ? `${next}}` : undefined;
      if (closer && text[offset - 1] !== '$' && !unclosed.has(closer)) {
        if (text.indexOf(closer, offset + 2) !== -1) return { offset, opener: `{${next}` };
        unclosed.add(closer); // nor is any later one closed: searched once per kind
      }
    }
    offset += lexeme.length;
  }
  return null;
}
