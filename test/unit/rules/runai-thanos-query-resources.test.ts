import rule from '../../../server/src/engine/rules/runai-thanos-query-resources';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const LARGE = { cluster: { nodes: 150 } };
const GOOD = yaml`
  control-plane:
    thanos:
      query:
        resources:
          requests: {cpu: 1, memory: 3G}
          limits: {cpu: 1, memory: 3G}
      receive:
        resources:
          requests: {cpu: 1, memory: 6G}
          limits: {cpu: 1, memory: 6G}
`;

ruleTester(rule, {
  valid: [
    { name: 'documented sizes', code: GOOD, config: LARGE },
    {
      name: "the older page's query sizing (2G, 2 CPU) passes too",
      code: GOOD.replace(/cpu: 1, memory: 3G/g, 'cpu: 2, memory: 2G'),
      config: LARGE,
    },
    {
      name: 'binary suffixes above the minimum',
      code: GOOD.replace(/memory: 6G/g, 'memory: 6Gi').replace(/cpu: 1, memory: 3G/g, 'cpu: 1000m, memory: 2Gi'),
      config: LARGE,
    },
    { name: 'small cluster', code: GOOD.replace(/memory: 3G/g, 'memory: 1G'), config: { cluster: { nodes: 50 } } },
    { name: 'cluster size unknown', code: GOOD.replace(/memory: 3G/g, 'memory: 1G') },
    {
      name: 'no thanos block: left to the chart',
      code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: true\n',
      config: LARGE,
    },
    {
      name: "memory in millis and malformed values are other rules' findings",
      code: GOOD.replace('requests: {cpu: 1, memory: 3G}', 'requests: {cpu: 1 core, memory: 3000m}'),
      config: LARGE,
    },
  ],
  invalid: [
    {
      name: 'query below the lower documented values',
      code: GOOD.replace('requests: {cpu: 1, memory: 3G}', 'requests: {cpu: 500m, memory: 1500M}'),
      config: LARGE,
      errors: [
        {
          messageId: 'below',
          line: 5,
          column: 25,
          endLine: 5,
          endColumn: 29,
          data: {
            path: 'control-plane.thanos.query',
            component: 'query',
            size: '150 nodes',
            documented: 'memory 3G and cpu 1 (an older version of the guide: memory 2G and cpu 2)',
            field: 'requests.cpu',
            actual: '500m',
            expected: '1',
          },
        },
        {
          messageId: 'below',
          line: 5,
          column: 39,
          data: {
            path: 'control-plane.thanos.query',
            component: 'query',
            size: '150 nodes',
            documented: 'memory 3G and cpu 1 (an older version of the guide: memory 2G and cpu 2)',
            field: 'requests.memory',
            actual: '1500M',
            expected: '2G',
          },
        },
      ],
    },
    {
      name: 'receive missing under a thanos block that sizes query',
      code: 'control-plane:\n  thanos:\n    query:\n      resources:\n        requests: {cpu: 1, memory: 3G}\n        limits: {cpu: 1, memory: 3G}\n',
      config: { cluster: { gpus: 2000 } },
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 3,
          data: {
            path: 'control-plane.thanos.receive',
            component: 'receive',
            size: '2000 GPUs',
            documented: 'memory 6G and cpu 1',
            field: 'requests and limits',
            expected: '1 CPU and 6G',
          },
        },
      ],
    },
    {
      name: 'receive with requests only: each missing limit is named at resources',
      code: yaml`
        # scalewise: chart=runai-control-plane
        thanos:
          query:
            resources:
              requests: {cpu: 1, memory: 3G}
              limits: {cpu: 1, memory: 3G}
          receive:
            resources:
              requests:
                cpu: 1
                memory: 4Gi
      `,
      file: 'values.yaml',
      config: LARGE,
      errors: [
        {
          messageId: 'missing',
          line: 8,
          column: 5,
          data: {
            path: 'thanos.receive',
            component: 'receive',
            size: '150 nodes',
            documented: 'memory 6G and cpu 1',
            field: 'limits.cpu',
            expected: '1',
          },
        },
        {
          messageId: 'missing',
          line: 8,
          column: 5,
          data: {
            path: 'thanos.receive',
            component: 'receive',
            size: '150 nodes',
            documented: 'memory 6G and cpu 1',
            field: 'limits.memory',
            expected: '6G',
          },
        },
        {
          messageId: 'below',
          line: 11,
          column: 17,
          data: {
            path: 'thanos.receive',
            component: 'receive',
            size: '150 nodes',
            documented: 'memory 6G and cpu 1',
            field: 'requests.memory',
            actual: '4Gi',
            expected: '6G',
          },
        },
      ],
    },
  ],
});
