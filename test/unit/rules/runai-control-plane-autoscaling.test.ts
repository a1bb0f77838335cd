import rule from '../../../server/src/engine/rules/runai-control-plane-autoscaling';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const LARGE = { cluster: { nodes: 150 } };
const ALL_ON = yaml`
  control-plane:
    backend:
      autoscaling:
        enabled: true
    frontend:
      autoscaling:
        enabled: true
    grafana:
      autoscaling:
        enabled: true
        minReplicas: 2
`;

ruleTester(rule, {
  valid: [
    { name: 'all three autoscale on a large cluster', code: ALL_ON, config: LARGE },
    { name: 'cluster size unknown: silent', code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: false\n' },
    { name: 'small cluster: silent', code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: false\n', config: { cluster: { nodes: 20, gpus: 160 } } },
    {
      name: 'backend/frontend/grafana alone at the root are not taken for Run:ai',
      code: 'backend:\n  replicaCount: 1\nfrontend:\n  replicaCount: 1\ngrafana:\n  enabled: true\n',
      config: LARGE,
    },
    { name: 'enabled: yes counts', code: ALL_ON.replace(/enabled: true/g, 'enabled: yes'), config: LARGE },
  ],
  invalid: [
    {
      name: 'backend disabled on 150 nodes: the value becomes true',
      code: ALL_ON.replace('enabled: true', 'enabled: false # pilot'),
      config: LARGE,
      errors: [{ messageId: 'off', line: 4, column: 16, endLine: 4, endColumn: 21, data: { path: 'control-plane.backend', component: 'backend', state: 'false', size: '150 nodes' } }],
      output: null,
      suggestions: [ALL_ON.replace('enabled: true', 'enabled: true # pilot')],
      suggestionsResolve: true,
    },
    {
      name: '1500 GPUs make a cluster large; a missing frontend gets a block',
      code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: true\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n',
      config: { cluster: { nodes: 40, gpus: 1500 } },
      errors: [{ messageId: 'missing', line: 1, column: 1, data: { path: 'control-plane.frontend', component: 'frontend', size: '40 nodes and 1500 GPUs' } }],
      output: null,
      suggestions: [
        'control-plane:\n  backend:\n    autoscaling:\n      enabled: true\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n  frontend:\n    autoscaling:\n      enabled: true\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'grafana without autoscaling: enabled and minReplicas 2 are added',
      code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: true\n  frontend:\n    autoscaling:\n      enabled: true\n  grafana:\n    image:\n      tag: 10.4.1\n',
      config: LARGE,
      errors: [{ messageId: 'off', line: 8, column: 3, data: { path: 'control-plane.grafana', component: 'grafana', state: 'not set', size: '150 nodes' } }],
      output: null,
      suggestions: [
        'control-plane:\n  backend:\n    autoscaling:\n      enabled: true\n  frontend:\n    autoscaling:\n      enabled: true\n  grafana:\n    image:\n      tag: 10.4.1\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'autoscaling map without enabled (only bounds)',
      code: 'control-plane:\n  backend:\n    autoscaling:\n      maxReplicas: 4\n  frontend:\n    autoscaling: {enabled: true}\n  grafana:\n    autoscaling: {enabled: true, minReplicas: 2}\n',
      config: LARGE,
      errors: [{ messageId: 'off', line: 3, column: 5, data: { path: 'control-plane.backend', component: 'backend', state: 'not set', size: '150 nodes' } }],
      output: null,
      suggestions: [
        'control-plane:\n  backend:\n    autoscaling:\n      maxReplicas: 4\n      enabled: true\n  frontend:\n    autoscaling: {enabled: true}\n  grafana:\n    autoscaling: {enabled: true, minReplicas: 2}\n',
      ],
      suggestionsResolve: true,
    },
    {
      name: 'root of a file with the chart modeline, everything off or missing',
      file: 'values.yaml',
      code: '# scalewise: chart=runai-control-plane\nglobal:\n  domain: runai.example.com\nbackend:\n  autoscaling:\n    enabled: false\n',
      config: LARGE,
      errors: [
        { messageId: 'missing', line: 2, column: 1, data: { path: 'frontend', component: 'frontend', size: '150 nodes' } },
        { messageId: 'missing', line: 2, column: 1, data: { path: 'grafana', component: 'grafana', size: '150 nodes' } },
        { messageId: 'off', line: 6, column: 14, data: { path: 'backend', component: 'backend', state: 'false', size: '150 nodes' } },
      ],
      output: null,
      suggestions: ['# scalewise: chart=runai-control-plane\nglobal:\n  domain: runai.example.com\nbackend:\n  autoscaling:\n    enabled: false\nfrontend:\n  autoscaling:\n    enabled: true\n'],
    },
    {
      name: 'grafana disabled without minReplicas: enabled becomes true and minReplicas 2 is added',
      code: 'control-plane:\n  backend:\n    autoscaling: {enabled: true}\n  frontend:\n    autoscaling: {enabled: true}\n  grafana:\n    autoscaling:\n      enabled: false\n',
      config: LARGE,
      errors: [{ messageId: 'off', line: 8, column: 16, data: { path: 'control-plane.grafana', component: 'grafana', state: 'false', size: '150 nodes' } }],
      output: null,
      suggestions: ['control-plane:\n  backend:\n    autoscaling: {enabled: true}\n  frontend:\n    autoscaling: {enabled: true}\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n'],
      suggestionsResolve: true,
    },
    {
      name: 'the file helm get values writes in the upgrade guide, without a Chart.yaml',
      file: '/home/ops/runai_control_plane_values.yaml',
      exists: () => false,
      code: 'global:\n  domain: runai.example.com\nbackend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\ngrafana:\n  autoscaling:\n    enabled: false\n    minReplicas: 2\n',
      config: LARGE,
      errors: [{ messageId: 'off', line: 11, column: 14, data: { path: 'grafana', component: 'grafana', state: 'false', size: '150 nodes' } }],
      output: null,
      suggestions: ['global:\n  domain: runai.example.com\nbackend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\ngrafana:\n  autoscaling:\n    enabled: true\n    minReplicas: 2\n'],
      suggestionsResolve: true,
    },
    {
      name: 'a byte-order mark before the root keys is not indentation: grafana is added at column 0',
      code: '\uFEFFbackend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\nthanos:\n  query: {}\n',
      config: LARGE,
      errors: [{ messageId: 'missing', line: 1, column: 2, data: { path: 'grafana', component: 'grafana', size: '150 nodes' } }],
      output: null,
      suggestions: ['\uFEFFbackend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\nthanos:\n  query: {}\ngrafana:\n  autoscaling:\n    enabled: true\n    minReplicas: 2\n'],
      suggestionsResolve: true,
    },
    {
      name: 'root recognised by backend, frontend and thanos',
      code: 'backend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\nthanos:\n  query: {}\ngrafana:\n  autoscaling:\n    enabled: "false"\n    minReplicas: 2\n',
      config: LARGE,
      errors: [{ messageId: 'off', line: 11, column: 14, data: { path: 'grafana', component: 'grafana', state: '"false"', size: '150 nodes' } }],
      output: null,
      suggestions: ['backend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\nthanos:\n  query: {}\ngrafana:\n  autoscaling:\n    enabled: true\n    minReplicas: 2\n'],
      suggestionsResolve: true,
    },
  ],
});
