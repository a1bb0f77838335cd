import { defineRule } from '../define-rule';
import { MAX_SCRIPT_BYTES } from '../parse';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'script/too-large',
    kinds: ['k3s-install', 'script'],
    scope: 'file',
    defaultSeverity: 'warning',
    messages: {
      tooLarge: (d) =>
        prose`
          File not linted: ${d.size} characters is above the ${d.limit}-character limit for scripts, so none
          of its commands (--scale, docker service scale, k3s flags) is checked.
        `,
    },
    docs: {
      summary: 'The script is too large to read, so Scalewise checks nothing in it.',
      why: paragraph(
        'Scalewise reads scripts, Makefiles and READMEs command by command. Above 2 MB (2,097,152',
        'characters) it stops, so that one generated or vendored file cannot freeze the editor or the CLI:',
        'unbounded, a 20 MB script took 33 s and 2.5 GB. Real deploy scripts are kilobytes; the k3s',
        'install script itself is 36 KB. The file is not linted at all, and the workspace scan does not',
        'read its `--scale` and `docker stack deploy` commands either. Split it, or tell Scalewise it is',
        'not yours to check (`kinds: {"path/to/generated.sh": none}` in `.scalewise.yaml`). YAML files',
        'have the same kind of limit at 8 MB (`yaml/syntax-error`).',
      ),
      bad: yaml`
        #!/bin/sh
        # generated: one line per service, 2 MB in all
        docker compose up -d --scale web=3
      `,
      good: yaml`
        #!/bin/sh
        docker compose up -d --scale web=3
      `,
      badSize: MAX_SCRIPT_BYTES + 1,
      exampleFile: 'deploy.sh',
      sources: [
        'k3s-io/k3s@0136cf258954a458da1404858396342724b93d24:install.sh (36,455 characters, the script get.k3s.io serves)',
        'Scalewise issue "Never lose a byte, never crash or hang", item 11 (20 MB script: 33 s and 2.5 GB; 50 MB: over a minute and 3.7 GB)',
      ],
    },
  },
  (ctx) => {
    const size = ctx.file.text.length;
    if (size > MAX_SCRIPT_BYTES)
      ctx.report({ messageId: 'tooLarge', data: { size, limit: MAX_SCRIPT_BYTES }, range: { start: 0, end: 0 } });
  },
);
