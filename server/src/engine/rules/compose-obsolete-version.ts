import { defineRule } from '../define-rule';
import { asMap, getPair, keyRange, removePairEdit, stringValue } from '../yaml-ast';

export default defineRule(
  {
    id: 'compose/obsolete-version',
    kinds: ['compose'],
    scope: 'document',
    defaultSeverity: 'hint',
    fixable: 'safe',
    messages: {
      obsolete: (d) => `The top-level version "${d.version}" is obsolete: docker compose ignores it and warns.`,
      remove: () => 'Remove the obsolete version',
    },
    docs: {
      summary: 'Compose v2 ignores the top-level `version` key and prints a warning for it.',
      why:
        'The Compose Specification keeps `version` only for backward compatibility; `docker compose` prints `docker-compose.yml: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion`. A file version such as "2.4" or "3.8" also misleads readers into thinking features of that format apply (for example that `deploy` is Swarm-only). This rule applies to Compose files only: `docker stack deploy` still uses `version` to pick its schema, so Swarm stack files keep it.',
      bad: 'version: "3.8"\nservices:\n  web:\n    image: nginx\n',
      good: 'services:\n  web:\n    image: nginx\n',
      exampleFile: 'compose.yaml',
      fixNotes: 'Safe: docker compose ignores the key, so removing it changes nothing it does.',
      sources: [
        'compose-spec/compose-spec@170098b:04-version-and-name.md',
        'compose-spec/compose-go@e70e961:loader/loader.go (warnObsoleteVersion)',
      ],
    },
  },
  (ctx) => {
    for (const d of ctx.file.documents) {
      const root = asMap(d.root, d.doc);
      const pair = getPair(root, 'version');
      if (!root || !pair) continue;
      ctx.report({
        messageId: 'obsolete',
        data: { version: stringValue(pair.value, d.doc) ?? '' },
        range: keyRange(pair),
        fixes: [{ title: ctx.message('remove'), safety: 'safe', edits: [removePairEdit(ctx.file.text, root, pair)] }],
      });
    }
  },
);
