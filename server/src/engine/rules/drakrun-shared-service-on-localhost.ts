import { defineRule } from '../define-rule';
import { addressHost, isLocalHost } from '../model/drakrun';
import { paragraph, prose, yaml } from '../template-text';

/** The shared services and the key that names each, in either layout. */
const SERVICE_KEYS: { section: string; key: string; service: string }[] = [
  { section: 'redis', key: 'host', service: 'Redis' },
  { section: 's3', key: 'address', service: 'S3 storage' },
  { section: 'minio', key: 'address', service: 'MinIO' },
];

/** `.scalewise.yaml` `sizing: { drakrun.hosts: N }`: the file alone cannot say how many hosts run workers. */
export const HOSTS_SETTING = 'drakrun.hosts';

export default defineRule(
  {
    id: 'drakrun/shared-service-on-localhost',
    kinds: ['drakrun-config', 'drakrun-ini'],
    scope: 'file',
    defaultSeverity: 'warning',
    messages: {
      local: (d) =>
        prose`
          [${d.section}] ${d.key} points at this host (${d.host}), but DRAKVUF Sandbox runs on ${d.hosts}
          hosts (sizing ${HOSTS_SETTING} in .scalewise.yaml): each host would use its own ${d.service}, so
          tasks, results and analyses never meet. Point it at the ${d.service} every host reaches.
        `,
      undeclared: (d) =>
        prose`
          [${d.section}] ${d.key} points at this host (${d.host}): right on one host, but workers or
          postprocessing on another host would use their own ${d.service}. If they run on several hosts,
          point it at the shared one; set sizing ${HOSTS_SETTING} in .scalewise.yaml to check this.
        `,
    },
    docs: {
      summary: 'With workers or postprocessing on several hosts, Redis and S3/MinIO must be shared, not localhost.',
      why: paragraph(
        'drakrun workers and the web UI (v0.19+), and drakrun and drakcore with its postprocess workers',
        '(v0.18), "communicate using Redis server that is running by default on localhost:6379", and store',
        'analyses in S3 (MinIO). Postprocessing "doesn\'t need hypervisor access, so it can be done in',
        'separate servers, assuming they have same configuration and connect to same minio & redis',
        'instances." A `localhost` (127.0.0.0/8, `::1`) address on a host of a multi-host setup names that',
        "host's own Redis or MinIO: the others never see its tasks. How many hosts run workers is not in",
        'the file, so `.scalewise.yaml` says it: `sizing: { drakrun.hosts: 3 }`. With more than one host',
        'this is a warning; without the setting a hint; with 1, nothing.',
      ),
      bad: yaml`
        [redis]
        host = "localhost"
        port = 6379

        [s3]
        address = "http://127.0.0.1:9000"
      `,
      good: yaml`
        [redis]
        host = "redis.lab.example.com"
        port = 6379

        [s3]
        address = "http://minio.lab.example.com:9000"
      `,
      exampleFile: '/etc/drakrun/config.toml',
      exampleConfig: { sizing: { [HOSTS_SETTING]: 3 } },
      sources: [
        'CERT-Polska/drakvuf-sandbox@7c328ab:docs/usage/getting_started.rst ("communicate using Redis server that is running by default on localhost:6379")',
        'CERT-Polska/drakvuf-sandbox@7c328ab:drakrun/lib/config.py ([redis] host/port, [s3] enabled/address)',
        'CERT-Polska/drakvuf-sandbox@7c328ab:drakrun/data/config.toml (default [redis] host = "localhost")',
        paragraph(
          'CERT-Polska/drakvuf-sandbox@v0.18.2:docs/usage/scaling.rst (postprocessing "can be done in separate',
          'servers, assuming they have same configuration and connect to same minio & redis instances")',
        ),
        'CERT-Polska/drakvuf-sandbox@v0.18.2:drakrun/drakrun/config.dist.ini, drakcore/drakcore/config.dist.ini ([redis] host, [minio] address)',
        'RFC 6761 §6.3 (localhost names), RFC 1122 §3.2.1.3 (127.0.0.0/8), RFC 4291 §2.5.3 (::1)',
      ],
      uncertain: paragraph(
        'v0.19+ also reads `DRAKRUN__REDIS__HOST` and the like from the environment (pydantic-settings),',
        'which win over the file; a systemd drop-in that sets them is not seen here.',
      ),
    },
  },
  (ctx) => {
    const settings = ctx.models.drakrunSettings;
    const hosts = ctx.config.sizing[HOSTS_SETTING];
    if (hosts !== undefined && !(hosts > 1)) return;
    // v0.19: S3 is optional; with `enabled = false` its address is not used.
    const s3Off = settings.some((s) => s.section === 's3' && s.key === 'enabled' && s.value === 'false');
    for (const { section, key, service } of SERVICE_KEYS) {
      if (section === 's3' && s3Off) continue;
      const s = settings.find((x) => x.section === section && x.key === key);
      if (!s || s.value.trim() === '') continue;
      const host = addressHost(s.value);
      if (!isLocalHost(host)) continue;
      const data = { section, key, host, service };
      if (hosts === undefined) ctx.report({ messageId: 'undeclared', data, range: s.range, severity: 'hint' });
      else ctx.report({ messageId: 'local', data: { ...data, hosts }, range: s.range });
    }
  },
);
