import { defineRule } from '../define-rule';
import { describeReplicas, effectiveReplicas } from '../model/compose';
import { composeResource } from '../model/compose-resources';
import { BYTES_PER_CELL, conversationSize, mathMemoryEstimate } from '../model/polis';
import { parseComposeBytes } from '../quantity/compose-units';
import { humanBytes } from '../quantity/k8s-quantity';
import { get, getPath, goValue, isScalar, keyRange, nodeRange } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

const fmt = (n: number) => n.toLocaleString('en-US');

export default defineRule(
  {
    id: 'polis/math-worker-memory',
    kinds: ['compose', 'swarm'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      undersized: (d) =>
        prose`
          The Polis math worker "${d.service}" is limited to ${d.limit}, but a conversation of
          ${d.participants} participants × ${d.comments} comments needs about ${d.estimate} (estimate: the
          vote matrix has participants × comments cells, ~${d.perCell} bytes each in the worker, plus 1 GiB):
          the worker is killed for running out of memory and the conversation's analysis stops updating.
        `,
      scaled: (d) =>
        prose`
          The Polis math worker "${d.service}" runs ${d.count} replicas (${d.why}): it is a single poller that
          reads new votes and writes results; Polis documents one math worker, and several would repeat the
          same work and race on the results.
        `,
      raiseLimit: (d) => `Set the memory limit to ${d.value} (the estimate, rounded up)`,
    },
    docs: {
      summary: 'The Polis math worker needs memory in proportion to participants × comments, and runs as one instance.',
      why: [
        paragraph(
          "The math worker holds each conversation's vote matrix (participants × comments) and the analysis built on",
          'it (PCA, clusters, representative comments). The Polis docs: "For larger conversations with tens of',
          'thousands of participants and thousands of comments, you may need in the dozens of GB of RAM available."',
          'This rule estimates the memory as 1 GiB + participants × comments × 256 bytes and compares it with the',
          "math service's `deploy.resources.limits.memory` (or `mem_limit`). Set the size of your largest",
          'conversation in `.scalewise.yaml`:',
        ),
        '',
        '```yaml',
        'polis:',
        '  participants: 30000',
        '  comments: 3000',
        '```',
        '',
        paragraph(
          '(`sizing: {polis.participants, polis.comments}` is read too). Without a limit the rule says nothing, but',
          'the sizing lens above the service shows the estimate. The worker is a poller (`VOTE_POLLING_INTERVAL`) and',
          'the docs describe one "main math worker instance", so the rule also warns when `math` is scaled beyond one',
          '(`scale`, `deploy.replicas` or `--scale math=N` in a script). The math service is the one running',
          '`compdem/polis-math`, or the service named `math` in a file that runs `compdem/polis-server`.',
        ),
      ].join('\n'),
      bad: yaml`
        services:
          server:
            image: docker.io/compdem/polis-server:dev
          math:
            image: docker.io/compdem/polis-math:dev
            deploy:
              resources:
                limits:
                  memory: 4g
      `,
      good: yaml`
        services:
          server:
            image: docker.io/compdem/polis-server:dev
          math:
            image: docker.io/compdem/polis-math:dev
            deploy:
              resources:
                limits:
                  memory: 24g
      `,
      exampleFile: 'compose.yaml',
      exampleConfig: { polis: { participants: 30000, comments: 3000 } },
      uncertain: paragraph(
        'The bytes per cell are an estimate, not a measurement: 256 B makes 30,000 participants × 3,000',
        'comments come to about 22 GiB, matching the docs\' "dozens of GB" for "tens of thousands of',
        'participants and thousands of comments" (a dense matrix of 8-byte doubles alone would be 8 B per',
        "cell; the rest is JVM overhead and working copies) [inference]. The JVM's heap is by default only",
        "a quarter of the container's memory limit unless `-Xmx` or `-XX:MaxRAMPercentage` is set, and",
        'whether the `-Xmx4g` in math/deps.edn is applied at all is uncertain (it is at the top level,',
        'where the Clojure CLI ignores `:jvm-opts`); measure before relying on the number. That the worker',
        'must run as one instance is inferred from the docs, which describe a single main instance and no',
        'coordination between several.',
      ),
      fixNotes:
        "A suggestion: it raises a live service's memory limit to the estimate, rounded up to whole GiB. The host must have that much memory.",
      sources: [
        'compdemocracy/polis@08e03eb:docs/scaling.md ("Provisioning compute power for the math worker": p * c vote matrix, dozens of GB)',
        'compdemocracy/polis@08e03eb:docs/scaling-roadmap.md (the main math worker instance; largest deployment 33,000 participants)',
        'compdemocracy/polis@08e03eb:math/deps.edn (-Xmx4g at the top level), math/src/polismath/components/config.clj (polling intervals)',
        'compdemocracy/polis@08e03eb:docker-compose.yml (math service, image compdem/polis-math)',
      ],
    },
  },
  (ctx) => {
    const size = conversationSize(ctx.config);
    for (const svc of ctx.models.polisMath) {
      const replicas = effectiveReplicas(svc, ctx.workspace);
      if (replicas.count > 1) {
        const scaleNode = get(svc.map, 'scale', svc.doc) ?? getPath(svc.map, ['deploy', 'replicas'], svc.doc);
        ctx.report({
          messageId: 'scaled',
          data: { service: svc.name, count: replicas.count, why: describeReplicas(replicas) },
          range: replicas.source !== 'script' && scaleNode ? nodeRange(scaleNode) : keyRange(svc.pair),
        });
      }
      if (!size) continue;
      const estimate = mathMemoryEstimate(size.participants, size.comments);
      ctx.hint({
        range: keyRange(svc.pair),
        title: `Polis math: ${fmt(size.participants)} participants × ${fmt(size.comments)} comments ≈ ${humanBytes(estimate)} (estimate)`,
        detail: prose`
          Estimate for the math worker: 1 GiB + participants × comments × ${BYTES_PER_CELL} B =
          ${humanBytes(estimate)}. See polis/math-worker-memory.
        `,
        lens: true,
      });
      const node = composeResource(svc, 'limits', 'memory').value;
      const raw = goValue(node, svc.doc);
      if (!node || !isScalar(node) || (typeof raw !== 'string' && typeof raw !== 'number')) continue;
      const limit = parseComposeBytes(raw);
      if (!limit.ok || limit.bytes >= estimate) continue;
      const value = `${Math.ceil(estimate / 1024 ** 3)}g`;
      ctx.report({
        messageId: 'undersized',
        data: {
          service: svc.name,
          limit: humanBytes(limit.bytes),
          participants: fmt(size.participants),
          comments: fmt(size.comments),
          estimate: humanBytes(estimate),
          perCell: BYTES_PER_CELL,
        },
        range: nodeRange(node),
        fixes: [
          {
            title: ctx.message('raiseLimit', { value }),
            safety: 'suggestion',
            edits: [{ ...nodeRange(node), text: value }],
          },
        ],
      });
    }
  },
);
