import { emptyWorkspace, scanCommands } from '../../../server/src/engine';
import rule, { SWARM_FORBIDDEN } from '../../../server/src/engine/rules/swarm-forbidden-option';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';

const stack = scanCommands('/w/deploy.sh', 'docker stack deploy -c stack.yml prod', emptyWorkspace());

/** The eight keys docker/cli refuses, each in its own case with the advice docker prints. */
const eachForbiddenKey: InvalidCase[] = Object.entries(SWARM_FORBIDDEN).map(([key, advice]) => ({
  name: `${key} is refused`,
  code: `# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    ${key}: x\n`,
  errors: [{ messageId: 'forbidden', line: 5, column: 5, endLine: 5, endColumn: 5 + key.length, data: { key, service: 'web', advice } }],
}));

ruleTester(rule, {
  valid: [
    { name: 'limits under deploy.resources', code: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits: {memory: 512M, cpus: "0.5"}\n' },
    { name: 'keys Swarm only ignores (container_name, build)', code: '# scalewise: kind=swarm\nservices:\n  web:\n    build: .\n    container_name: web\n    image: nginx\n' },
    { name: 'a forbidden name as a value or nested key is fine', code: '# scalewise: kind=swarm\nservices:\n  web:\n    image: nginx\n    labels:\n      mem_limit: "512m"\n    command: ["extends"]\n' },
    { name: 'the same file as a plain Compose file', kind: 'compose', code: 'services:\n  web:\n    image: nginx\n    mem_limit: 512m\n' },
  ],
  invalid: [
    ...eachForbiddenKey,
    {
      name: 'a Compose file deployed with docker stack deploy -c (found in a script)',
      file: '/w/stack.yml',
      workspace: stack,
      code: 'services:\n  web:\n    image: nginx\n    mem_limit: 512m\n    cpu_shares: 512\n',
      errors: [
        { messageId: 'forbidden', line: 4, column: 5, data: { key: 'mem_limit', service: 'web', advice: SWARM_FORBIDDEN.mem_limit! } },
        { messageId: 'forbidden', line: 5, column: 5, data: { key: 'cpu_shares', service: 'web', advice: SWARM_FORBIDDEN.cpu_shares! } },
      ],
    },
    {
      name: 'several services, in document order',
      code: '# scalewise: kind=swarm\nservices:\n  app:\n    extends: {file: base.yml, service: app}\n  db:\n    image: postgres\n    volumes_from: [app]\n',
      errors: [
        { messageId: 'forbidden', line: 4, column: 5, data: { key: 'extends', service: 'app', advice: SWARM_FORBIDDEN.extends! } },
        { messageId: 'forbidden', line: 7, column: 5, data: { key: 'volumes_from', service: 'db', advice: SWARM_FORBIDDEN.volumes_from! } },
      ],
    },
    {
      name: 'flow-style service',
      code: '# scalewise: kind=swarm\nservices:\n  web: {image: nginx, memswap_limit: 1g}\n',
      errors: [{ messageId: 'forbidden', line: 3, column: 23, data: { key: 'memswap_limit', service: 'web', advice: SWARM_FORBIDDEN.memswap_limit! } }],
    },
  ],
});
