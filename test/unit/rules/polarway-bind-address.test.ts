import rule from '../../../server/src/engine/rules/polarway-bind-address';
import { ruleTester } from '../../helpers/rule-tester';

const IMAGE = 'registry.example.invalid/polarway/polarway-grpc:0.53';
const svc = (env: string, extra = '') => `services:\n  worker:\n    image: ${IMAGE}\n    environment:\n${env}${extra}`;

ruleTester(rule, {
  valid: [
    {
      name: 'all interfaces, the published container port',
      code: svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50052\n', '    ports:\n      - "50053:50052"\n'),
    },
    { name: 'no ports or expose: nothing to compare', code: svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50052\n') },
    {
      name: 'an expose entry with the port',
      code: svc('      - POLARWAY_BIND_ADDRESS=0.0.0.0:50052\n', '    expose: ["50052"]\n'),
    },
    {
      name: 'an expose entry that is no port (1e20): unknown, so nothing is compared, and no endless loop',
      code: svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50052\n', '    expose: [99999999999999999999, "50052"]\n'),
    },
    {
      name: 'a port variable without a default is unknown',
      code: svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50052\n', '    ports:\n      - "${GRPC_PORT}"\n'),
    },
    { name: 'unset: the image decides', code: `services:\n  worker:\n    image: ${IMAGE}\n    ports: ["50051"]\n` },
    { name: 'a variable without a default', code: svc('      POLARWAY_BIND_ADDRESS: ${BIND}\n') },
    {
      name: 'long syntax target',
      code: svc('      POLARWAY_BIND_ADDRESS: "[::]:50052"\n', '    ports:\n      - target: 50052\n'),
    },
  ],
  invalid: [
    {
      name: '127.0.0.1 in map form',
      code: svc('      POLARWAY_BIND_ADDRESS: 127.0.0.1:50052\n'),
      errors: [
        {
          messageId: 'loopback',
          line: 5,
          column: 30,
          endLine: 5,
          endColumn: 45,
          data: { service: 'worker', address: '127.0.0.1:50052' },
        },
      ],
      output: null,
      suggestions: [svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50052\n')],
      suggestionsResolve: true,
    },
    {
      name: 'localhost in list form, quoted',
      code: svc('      - "POLARWAY_BIND_ADDRESS=localhost:50052"\n'),
      errors: [{ messageId: 'loopback', line: 5, column: 32, data: { service: 'worker', address: 'localhost:50052' } }],
      output: null,
      suggestions: [svc('      - "POLARWAY_BIND_ADDRESS=0.0.0.0:50052"\n')],
    },
    {
      name: 'the default of an interpolation is read; the quotes stay',
      code: svc('      POLARWAY_BIND_ADDRESS: "${BIND:-[::1]:50052}"\n'),
      errors: [{ messageId: 'loopback', line: 5, column: 30, data: { service: 'worker', address: '[::1]:50052' } }],
      output: null,
      suggestions: [svc('      POLARWAY_BIND_ADDRESS: "0.0.0.0:50052"\n')],
    },
    {
      name: 'listens on 50051 but publishes container port 50052 (warning)',
      code: svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50051\n', '    ports:\n      - "50053:50052"\n'),
      errors: [
        {
          messageId: 'portMismatch',
          line: 5,
          column: 30,
          data: { service: 'worker', port: 50051, ports: '50052', plural: '' },
        },
      ],
      output: null,
      suggestions: [svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50052\n', '    ports:\n      - "50053:50052"\n')],
      suggestionsResolve: true,
    },
    {
      name: 'several container ports: no single fix',
      code: svc('      POLARWAY_BIND_ADDRESS: 0.0.0.0:50051\n', '    expose: ["9000", "50052"]\n'),
      errors: [
        {
          messageId: 'portMismatch',
          line: 5,
          column: 30,
          data: { service: 'worker', port: 50051, ports: '9000, 50052', plural: 's' },
        },
      ],
      output: null,
    },
  ],
});
