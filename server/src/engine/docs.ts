/** docs/rules/<id>.md, generated from the rule's metadata (`scalewise docs docs/rules`). */
import { ruleFileName } from './define-rule';
import type { Rule } from './types';
import { prose } from './template-text';

const SEVERITY_WORD = { error: 'Error', warning: 'Warning', info: 'Information', hint: 'Hint' } as const;

export function renderRuleDoc(rule: Rule): string {
  const { meta } = rule;
  const d = meta.docs;
  // Scripts are shown as shell, DRAKVUF's config.toml and config.ini as what their example file is, everything else as YAML.
  const configText = /\.(toml|ini)$/i.exec(d.exampleFile ?? '')?.[1]?.toLowerCase();
  const lang = meta.kinds.every((k) => k === 'script' || k === 'k3s-install') ? 'sh' : (configText ?? 'yaml');
  const fix =
    meta.fixable === 'safe'
      ? 'Safe fix (applied by `scalewise lint --fix` and Fix All)'
      : meta.fixable === 'suggestion'
        ? 'Suggested fix (offered as a quick fix, never applied in bulk)'
        : 'No automatic fix';
  const lines = [
    `<!-- Generated from server/src/engine/rules/${meta.id.replace('/', '-')}.ts by \`npm run docs\`. Do not edit. -->`,
    `# ${meta.id}`,
    '',
    d.summary,
    '',
    `| | |`,
    `|---|---|`,
    `| Applies to | ${meta.kinds.map((k) => `\`${k}\``).join(', ')} |`,
    `| Default severity | ${SEVERITY_WORD[meta.defaultSeverity]}${meta.defaultOff ? ' (off by default)' : ''} |`,
    `| Reads | one ${meta.scope}${meta.scope === 'workspace' ? ' (scripts and other files too)' : ''} |`,
    `| Fix | ${fix} |`,
    ...(meta.supersededBy?.length
      ? [
          `| Superseded by | ${meta.supersededBy.map((id) => `[\`${id}\`](${ruleFileName(id)}.md)`).join(', ')} (a finding of it at the same place stands for this rule's) |`,
        ]
      : []),
    ...(meta.formerIds?.length
      ? [
          prose`
      | Former id | ${meta.formerIds.map((id) => `\`${id}\``).join(', ')} (still accepted in settings,
      \`.scalewise.yaml\`, suppression comments and \`--rule\`) |
    `,
        ]
      : []),
    '',
    '## Why',
    '',
    d.why,
    '',
    '## Bad',
    '',
    '```' + lang,
    d.bad.trimEnd(),
    '```',
    '',
    ...(d.badSize !== undefined
      ? [
          prose`
      The bad example stands for a file of ${d.badSize.toLocaleString('en-US')} characters: these lines, then
      \`#\` lines up to that length.
    `,
          '',
        ]
      : []),
    '## Good',
    '',
    '```' + lang,
    d.good.trimEnd(),
    '```',
    '',
  ];
  for (const f of d.exampleWorkspace?.composeFiles ?? []) {
    lines.push(
      prose`
      The examples run against \`${f.path.split('/').pop()}\` in the folder above, whose services are
      ${f.services.map((s) => `\`${s}\``).join(', ')}.
    `,
      '',
    );
  }
  if (d.exampleConfig)
    lines.push(
      'The examples assume this `.scalewise.yaml`:',
      '',
      '```json',
      JSON.stringify(d.exampleConfig),
      '```',
      '',
    );
  if (d.fixNotes) lines.push('## Fix', '', d.fixNotes, '');
  if (d.uncertain) lines.push('## Uncertain', '', d.uncertain, '');
  lines.push('## Suppress', '', '```yaml', `# scalewise-disable-next-line ${meta.id}`, '```', '', '## Sources', '');
  for (const s of d.sources) lines.push(`- ${s}`);
  lines.push('');
  return lines.join('\n');
}
