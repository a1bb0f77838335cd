import * as path from 'node:path';
import { defineRule } from '../define-rule';
import { filePathOf } from '../detect';
import { describeReplicas, effectiveReplicas } from '../model/compose';
import { isPolisProject, siblingComposeFiles } from '../model/polis';
import { publishedPorts } from '../model/ports';
import { isMap, nodeRange } from '../yaml-ast';
import type { Fix } from '../types';
import { paragraph, prose, yaml } from '../template-text';

/** An overlay for development: `docker-compose.dev.yml`, `compose.override.yaml`, `compose-dev.yaml`, … */
const OVERLAY_NAME = /(^|[._-])(dev|development|override|local)([._-]|$)/i;

export default defineRule(
  {
    id: 'polis/dev-overlay-ports',
    kinds: ['compose'],
    scope: 'workspace',
    defaultSeverity: 'error',
    fixable: 'suggestion',
    messages: {
      published: (d) =>
        prose`
          The overlay ${d.file} publishes host port ${d.host} on the Polis "server", which runs ${d.count}
          replicas (${d.why}): with the overlay applied, the second server fails with "Bind for
          0.0.0.0:${d.first} failed: port is already allocated". The dev overlay is for one server; scale
          without it, or publish the container port only.
        `,
      containerOnly: (d) => `Publish only the container port ("${d.target}"): each server gets a free host port`,
    },
    docs: {
      summary: "Polis's dev overlay publishes fixed host ports on `server`, so `--scale server=N` with it fails.",
      why: paragraph(
        "Polis's `docker-compose.dev.yml` adds `ports:",
        '["${API_SERVER_PORT:-5000}:${API_SERVER_PORT:-5000}", "9229:9229"]` to the `server` service (the',
        'API port and the Node.js debugger) for local development. The production file publishes no port',
        'on `server` (only `nginx-proxy` publishes 80/443), which is what makes `docker compose up --scale',
        'server=N` possible. Applied together with the overlay (`-f docker-compose.yml -f',
        'docker-compose.dev.yml`, or an override file that Compose merges on its own), every server',
        'replica asks for the same host ports and the second one fails with `Bind for 0.0.0.0:5000 failed:',
        'port is already allocated`. This rule checks a Compose file whose name marks it as an overlay',
        '(`dev`, `override`, `local`) in a Polis project (it, or a Compose file beside it, runs',
        '`compdem/polis-server`) against the number of servers the base file (`scale`, `deploy.replicas`),',
        'the overlay itself or a script (`--scale server=N`) asks for. `compose/host-port-conflict` may',
        "report the same port; this rule adds the base file's scale and the Polis context.",
      ),
      bad: yaml`
        # docker-compose.dev.yml
        services:
          server:
            image: docker.io/compdem/polis-server:dev
            scale: 3
            ports:
              - "9229:9229"
      `,
      good: yaml`
        # docker-compose.dev.yml
        services:
          server:
            image: docker.io/compdem/polis-server:dev
            scale: 3
            ports:
              - "9229"
            deploy:
              resources:
                limits:
                  memory: 1g
      `,
      exampleFile: 'docker-compose.dev.yml',
      fixNotes: paragraph(
        'A suggestion: tools that connect to the fixed port (a debugger on 9229, a client on 5000) must then',
        "find the replica's port with `docker compose port server 9229 --index N`.",
      ),
      sources: [
        'compdemocracy/polis@08e03eb:docker-compose.dev.yml (server ports ${API_SERVER_PORT:-5000}:${API_SERVER_PORT:-5000} and 9229:9229)',
        'compdemocracy/polis@08e03eb:docker-compose.yml (server: scale: 1, no ports; nginx-proxy publishes 80/443)',
        'compdemocracy/polis@08e03eb:docs/scaling.md (--scale to run several servers)',
        'docker/compose issues #7770 and #9727 (Bind for 0.0.0.0:PORT failed: port is already allocated)',
      ],
    },
  },
  (ctx) => {
    const fsPath = filePathOf(ctx.file.uri);
    const base = path.basename(fsPath);
    if (!OVERLAY_NAME.test(base.replace(/\.ya?ml$/i, ''))) return;
    // Only a `server` service is reported: without one, the other Compose files need not be read.
    if (!ctx.models.compose.some((svc) => svc.name === 'server')) return;
    if (!isPolisProject(ctx.file, ctx.workspace)) return;
    let fromSiblings = 0;
    for (const f of siblingComposeFiles(ctx.file, ctx.workspace))
      fromSiblings = Math.max(fromSiblings, f.scales.server ?? 0);
    for (const svc of ctx.models.compose) {
      if (svc.name !== 'server') continue;
      const own = effectiveReplicas(svc, ctx.workspace);
      const count = Math.max(own.count, fromSiblings);
      if (count <= 1) continue;
      const why = own.count >= fromSiblings ? describeReplicas(own) : `scale ${fromSiblings} in the base Compose file`;
      for (const { item, node, raw, spec } of publishedPorts(svc)) {
        const hostSize = spec.hostEnd - spec.hostStart + 1;
        if (spec.containerEnd === spec.containerStart && hostSize >= count) continue; // a dynamic range that fits
        const fixes: Fix[] = [];
        if (!isMap(item)) {
          const containerPart = spec.containerText + (spec.protocol ? `/${spec.protocol}` : '');
          const ip = spec.ip ? `${spec.ip.includes(':') ? `[${spec.ip}]` : spec.ip}:` : '';
          // Keep the container side as written (a variable with its default stays a variable).
          const written = containerSide(raw) ?? containerPart;
          const dynamic = ip ? `${ip}:${written}` : written;
          fixes.push({
            title: ctx.message('containerOnly', { target: dynamic }),
            safety: 'suggestion',
            edits: [{ ...nodeRange(node), text: `"${dynamic}"` }],
          });
        }
        ctx.report({
          messageId: 'published',
          data: { file: base, host: spec.hostText, first: spec.hostStart, count, why },
          range: nodeRange(node),
          fixes,
        });
      }
    }
  },
);

/** The container side of a short port spec as written: what follows the last `:` outside `${…}`. */
function containerSide(raw: string): string | undefined {
  let depth = 0;
  let last = -1;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '{') depth++;
    else if (raw[i] === '}') depth--;
    else if (raw[i] === ':' && depth === 0) last = i;
  }
  return last >= 0 ? raw.slice(last + 1) : undefined;
}
