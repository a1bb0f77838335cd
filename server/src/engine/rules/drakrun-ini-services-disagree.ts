import { defineRule } from '../define-rule';
import { addressHost, isLocalHost } from '../model/drakrun';
import { paragraph, prose, yaml } from '../template-text';

/** What both v0.18 files name: the Redis queue and the MinIO bucket drakrun and drakcore share (config.dist.ini). */
const SHARED: { section: string; key: string }[] = [
  { section: 'redis', key: 'host' },
  { section: 'redis', key: 'port' },
  { section: 'minio', key: 'address' },
  { section: 'minio', key: 'bucket' },
  { section: 'minio', key: 'secure' },
];

/** Values that name the same service: hosts case-insensitively, every loopback name as one. */
function same(key: string, a: string, b: string): boolean {
  const norm = (v: string) => {
    const t = v.trim().toLowerCase();
    if (key === 'host') return isLocalHost(t) ? 'localhost' : t;
    if (key === 'address') {
      const host = addressHost(t);
      return isLocalHost(host) ? t.replace(host, 'localhost') : t;
    }
    return t;
  };
  return norm(a) === norm(b);
}

export default defineRule(
  {
    id: 'drakrun/ini-services-disagree',
    kinds: ['drakrun-ini'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    messages: {
      disagree: (d) =>
        prose`
          [${d.section}] ${d.key} = ${d.value} here, but ${d.other} has ${d.key} = ${d.otherValue}: drakrun
          and drakcore must use the same Redis and MinIO, or the tasks drakrun queues and the analyses it
          uploads are never seen by drakcore's postprocessing and web UI. Make both files say the same.
        `,
    },
    docs: {
      summary: 'The legacy /etc/drakrun/config.ini and /etc/drakcore/config.ini must name the same Redis and MinIO.',
      why: paragraph(
        'DRAKVUF Sandbox v0.18 has two INI files, one for drakrun (the analysis workers) and one for',
        'drakcore (the web UI, the system services and `drak-postprocess@N`), each with `[redis]` and',
        '`[minio]`. The two halves talk only through that Redis and that MinIO bucket: postprocessing',
        '"can be done in separate servers, assuming they have same configuration and connect to same',
        'minio & redis instances." When the files disagree (one was changed for a multi-node setup, the',
        'other left at `localhost`), drakrun queues and uploads where drakcore never looks. The rule',
        'compares `host`, `port`, `address`, `bucket` and `secure` with the other file of the pair',
        '(`…/drakrun/config.ini` and `…/drakcore/config.ini` beside it); every loopback name counts as one.',
      ),
      bad: yaml`
        [redis]
        host=redis.lab.example.com
        port=6379

        [minio]
        address=localhost:9000
        bucket=karton
      `,
      good: yaml`
        [redis]
        host=redis.lab.example.com
        port=6379

        [minio]
        address=minio.lab.example.com:9000
        bucket=karton
      `,
      exampleFile: '/etc/drakrun/config.ini',
      exampleWorkspace: {
        scaleCommands: [],
        stackFiles: [],
        drakrunIniFiles: [
          {
            path: '/etc/drakcore/config.ini',
            text: '[redis]\nhost=redis.lab.example.com\nport=6379\n\n[minio]\naddress=minio.lab.example.com:9000\nbucket=karton\n',
          },
        ],
      },
      sources: [
        'CERT-Polska/drakvuf-sandbox@v0.18.2:drakrun/drakrun/config.dist.ini, drakcore/drakcore/config.dist.ini ([redis] host/port, [minio] address/bucket/secure in both)',
        paragraph(
          'CERT-Polska/drakvuf-sandbox@v0.18.2:docs/usage/scaling.rst (postprocessing "can be done in separate',
          'servers, assuming they have same configuration and connect to same minio & redis instances")',
        ),
        'CERT-Polska/drakvuf-sandbox@v0.18.2:drakrun/drakrun/draksetup.py (`configparser.ConfigParser()` reads /etc/drakrun/config.ini)',
      ],
    },
  },
  (ctx) => {
    const peer = ctx.models.drakrunIniPeers[0];
    if (!peer) return;
    const own = ctx.models.drakrunSettings;
    for (const { section, key } of SHARED) {
      const mine = own.find((s) => s.section === section && s.key === key);
      const theirs = peer.settings.find((s) => s.section === section && s.key === key);
      if (!mine || !theirs || same(key, mine.value, theirs.value)) continue;
      ctx.report({
        messageId: 'disagree',
        // The pair's other half by its place (`drakcore/config.ini`): the full path is the workspace's, not the reader's.
        data: { section, key, value: mine.value, other: `${peer.component}/config.ini`, otherValue: theirs.value },
        range: mine.range,
      });
    }
  },
);
