import { defineRule } from '../define-rule';
import { checkResourceBlock, entryRange, replaceEdit, valuesPath } from '../model/k8s-resources';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'helm/memory-in-millis',
    kinds: ['helm-values'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      millis: (d) => prose`
        ${d.path}: ${d.value} is ${d.bytes} bytes: in Kubernetes "m" means milli, not mega. You probably meant
        ${d.mi} (mebibytes) or ${d.m} (megabytes).
      `,
      useMi: (d) => `Change to ${d.mi}`,
      useM: (d) => `Change to ${d.m}`,
    },
    docs: {
      summary: 'A memory quantity with the suffix `m` in Helm values asks for thousandths of a byte.',
      why: paragraph(
        'Charts copy `resources` from the values into the pod template, where `m` is milli: "If you',
        'request `400m` of memory, this is a request for 0.4 bytes. Someone who types that probably meant',
        'to ask for 400 mebibytes (`400Mi`) or 400 megabytes (`400M`)." A request of 0.4 bytes schedules',
        'anywhere, and a limit of 0.4 bytes stops the container from starting. In Compose the same `400m`',
        'means 400 MiB, which is how the mistake travels into values files. This is the Helm twin of',
        '`k8s/memory-in-millis`, for every `resources:` map of the values at any depth.',
      ),
      bad: yaml`
        worker:
          resources:
            limits:
              memory: 3000m
      `,
      good: yaml`
        worker:
          resources:
            limits:
              memory: 3000Mi
      `,
      exampleFile: 'values.yaml',
      fixNotes: 'Suggestions: both readings change how much memory the workload gets.',
      sources: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (meaning of memory)',
        'compose-spec/compose-spec@170098b:11-extension.md (byte values in Compose)',
      ],
    },
  },
  (ctx) => {
    for (const block of ctx.models.helmResources) {
      for (const issue of checkResourceBlock(block)) {
        if (issue.type !== 'millis') continue;
        const { entry, mi, m } = issue;
        ctx.report({
          messageId: 'millis',
          data: { path: valuesPath(block, entry), value: entry.raw, bytes: issue.bytes, mi, m },
          range: entryRange(entry),
          fixes: [
            { title: ctx.message('useMi', { mi }), safety: 'suggestion', edits: [replaceEdit(entry, mi)] },
            { title: ctx.message('useM', { m }), safety: 'suggestion', edits: [replaceEdit(entry, m)] },
          ],
        });
      }
    }
  },
);
