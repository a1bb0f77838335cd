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
    {
      name: 'cluster size unknown: silent',
      code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: false\n',
    },
    {
      name: 'small cluster: silent',
      code: yaml`
      control-plane:
        backend:
          autoscaling:
            enabled: false
    `,
      config: { cluster: { nodes: 20, gpus: 160 } },
    },
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
      errors: [
        {
          messageId: 'off',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 21,
          data: { path: 'control-plane.backend', component: 'backend', state: 'false', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [ALL_ON.replace('enabled: true', 'enabled: true # pilot')],
      suggestionsResolve: true,
    },
    {
      name: '1500 GPUs make a cluster large; a missing frontend gets a block',
      code: 'control-plane:\n  backend:\n    autoscaling:\n      enabled: true\n  grafana:\n    autoscaling:\n      enabled: true\n      minReplicas: 2\n',
      config: { cluster: { nodes: 40, gpus: 1500 } },
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 1,
          data: { path: 'control-plane.frontend', component: 'frontend', size: '40 nodes and 1500 GPUs' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          control-plane:
            backend:
              autoscaling:
                enabled: true
            grafana:
              autoscaling:
                enabled: true
                minReplicas: 2
            frontend:
              autoscaling:
                enabled: true
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'grafana without autoscaling: enabled and minReplicas 2 are added',
      code: yaml`
        control-plane:
          backend:
            autoscaling:
              enabled: true
          frontend:
            autoscaling:
              enabled: true
          grafana:
            image:
              tag: 10.4.1
      `,
      config: LARGE,
      errors: [
        {
          messageId: 'off',
          line: 8,
          column: 3,
          data: { path: 'control-plane.grafana', component: 'grafana', state: 'not set', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          control-plane:
            backend:
              autoscaling:
                enabled: true
            frontend:
              autoscaling:
                enabled: true
            grafana:
              image:
                tag: 10.4.1
              autoscaling:
                enabled: true
                minReplicas: 2
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'autoscaling map without enabled (only bounds)',
      code: yaml`
        control-plane:
          backend:
            autoscaling:
              maxReplicas: 4
          frontend:
            autoscaling: {enabled: true}
          grafana:
            autoscaling: {enabled: true, minReplicas: 2}
      `,
      config: LARGE,
      errors: [
        {
          messageId: 'off',
          line: 3,
          column: 5,
          data: { path: 'control-plane.backend', component: 'backend', state: 'not set', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
          control-plane:
            backend:
              autoscaling:
                maxReplicas: 4
                enabled: true
            frontend:
              autoscaling: {enabled: true}
            grafana:
              autoscaling: {enabled: true, minReplicas: 2}
        `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'root of a file with the chart modeline, everything off or missing',
      file: 'values.yaml',
      code: '# scalewise: chart=runai-control-plane\nglobal:\n  domain: runai.example.com\nbackend:\n  autoscaling:\n    enabled: false\n',
      config: LARGE,
      errors: [
        {
          messageId: 'missing',
          line: 2,
          column: 1,
          data: { path: 'frontend', component: 'frontend', size: '150 nodes' },
        },
        {
          messageId: 'missing',
          line: 2,
          column: 1,
          data: { path: 'grafana', component: 'grafana', size: '150 nodes' },
        },
        {
          messageId: 'off',
          line: 6,
          column: 14,
          data: { path: 'backend', component: 'backend', state: 'false', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        # scalewise: chart=runai-control-plane
        global:
          domain: runai.example.com
        backend:
          autoscaling:
            enabled: false
        frontend:
          autoscaling:
            enabled: true
      `,
      ],
    },
    {
      name: 'grafana disabled without minReplicas: enabled becomes true and minReplicas 2 is added',
      code: yaml`
        control-plane:
          backend:
            autoscaling: {enabled: true}
          frontend:
            autoscaling: {enabled: true}
          grafana:
            autoscaling:
              enabled: false
      `,
      config: LARGE,
      errors: [
        {
          messageId: 'off',
          line: 8,
          column: 16,
          data: { path: 'control-plane.grafana', component: 'grafana', state: 'false', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        control-plane:
          backend:
            autoscaling: {enabled: true}
          frontend:
            autoscaling: {enabled: true}
          grafana:
            autoscaling:
              enabled: true
              minReplicas: 2
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'the file helm get values writes in the upgrade guide, without a Chart.yaml',
      file: '/home/ops/runai_control_plane_values.yaml',
      exists: () => false,
      code: yaml`
        global:
          domain: runai.example.com
        backend:
          autoscaling:
            enabled: true
        frontend:
          autoscaling:
            enabled: true
        grafana:
          autoscaling:
            enabled: false
            minReplicas: 2
      `,
      config: LARGE,
      errors: [
        {
          messageId: 'off',
          line: 11,
          column: 14,
          data: { path: 'grafana', component: 'grafana', state: 'false', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        global:
          domain: runai.example.com
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
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'a byte-order mark before the root keys is not indentation: grafana is added at column 0',
      code: '\uFEFFbackend:\n  autoscaling:\n    enabled: true\nfrontend:\n  autoscaling:\n    enabled: true\nthanos:\n  query: {}\n',
      config: LARGE,
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 2,
          data: { path: 'grafana', component: 'grafana', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        ﻿backend:
          autoscaling:
            enabled: true
        frontend:
          autoscaling:
            enabled: true
        thanos:
          query: {}
        grafana:
          autoscaling:
            enabled: true
            minReplicas: 2
      `,
      ],
      suggestionsResolve: true,
    },
    {
      name: 'root recognised by backend, frontend and thanos',
      code: yaml`
        backend:
          autoscaling:
            enabled: true
        frontend:
          autoscaling:
            enabled: true
        thanos:
          query: {}
        grafana:
          autoscaling:
            enabled: "false"
            minReplicas: 2
      `,
      config: LARGE,
      errors: [
        {
          messageId: 'off',
          line: 11,
          column: 14,
          data: { path: 'grafana', component: 'grafana', state: '"false"', size: '150 nodes' },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        backend:
          autoscaling:
            enabled: true
        frontend:
          autoscaling:
            enabled: true
        thanos:
          query: {}
        grafana:
          autoscaling:
            enabled: true
            minReplicas: 2
      `,
      ],
      suggestionsResolve: true,
    },
  ],
});
