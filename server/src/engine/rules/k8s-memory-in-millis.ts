import { defineRule } from '../define-rule';
import { checkResourceBlock, entryRange, replaceEdit } from '../model/k8s-resources';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k8s/memory-in-millis',
    kinds: ['kubernetes', 'runai-config'],
    scope: 'document',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      millis: (d) => prose`
        memory: ${d.value} is ${d.bytes} bytes: in Kubernetes "m" means milli, not mega. You probably meant
        ${d.mi} (mebibytes) or ${d.m} (megabytes).
      `,
      useMi: (d) => `Change to ${d.mi}`,
      useM: (d) => `Change to ${d.m}`,
    },
    docs: {
      summary: 'A memory quantity with the suffix `m` asks for thousandths of a byte.',
      why: paragraph(
        'Kubernetes quantities use `m` for milli: "If you request `400m` of memory, this is a request for',
        '0.4 bytes. Someone who types that probably meant to ask for 400 mebibytes (`400Mi`) or 400',
        'megabytes (`400M`)." A request of 0.4 bytes schedules anywhere, and a limit of 0.4 bytes stops',
        'the container from starting. In Compose the same `400m` means 400 MiB, which is how the mistake',
        'usually travels into Kubernetes manifests. Helm values files have their own rule,',
        '`helm/memory-in-millis`.',
      ),
      bad: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              resources:
                limits:
                  cpu: 500m
                  memory: 400m
      `,
      good: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
              image: nginx
              resources:
                limits:
                  cpu: 500m
                  memory: 400Mi
      `,
      fixNotes: 'Suggestions: both readings change how much memory the workload gets.',
      sources: [
        'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ (meaning of memory)',
        'compose-spec/compose-spec@170098b:11-extension.md (byte values in Compose)',
      ],
    },
  },
  (ctx) => {
    // Under `resources.requests|limits` of containers, other manifests' resource blocks and Run:ai service groups.
    for (const block of ctx.models.manifestResources) {
      for (const issue of checkResourceBlock(block)) {
        if (issue.type !== 'millis') continue;
        const { entry, mi, m } = issue;
        ctx.report({
          messageId: 'millis',
          data: { value: entry.raw, bytes: issue.bytes, mi, m },
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
