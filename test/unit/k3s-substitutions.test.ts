/**
 * Values of k3s flags in install scripts that come from the shell (`` `cat /etc/maxpods` ``,
 * `$(…)`, `${VAR}`, `$VAR`) are only known when the script runs: they are not judged. A backtick
 * substitution used to end the shell word, so ``max-pods=`cat /etc/maxpods` `` read as
 * `max-pods=` and got "not a whole number".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { lint } from '../../server/src/engine';
import { k3sScript } from '../../server/src/engine/model/k3s';
import { paragraph } from '../../server/src/engine/template-text';

const JUDGING = [
  'k3s/invalid-flag-value',
  'k3s/unknown-flag',
  'k3s/max-pods-exceeds-node-cidr',
  'k3s/max-pods-above-tested',
];

function judged(script: string): string[] {
  const errors: string[] = [];
  const r = lint(script, {
    uri: '/w/install-k3s.sh',
    kind: 'k3s-install',
    onRuleError: (id, e) => errors.push(`${id}: ${String(e)}`),
  });
  assert.deepEqual(errors, []);
  return r.findings.filter((f) => JUDGING.includes(f.ruleId)).map((f) => `${f.ruleId}: ${f.message}`);
}

describe('shell substitutions in k3s flag values', () => {
  test('max-pods=`cat /etc/maxpods` is not "not a whole number"', () => {
    assert.deepEqual(judged('curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=`cat /etc/maxpods`\n'), []);
    const [s] = k3sScript(
      'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=`cat /etc/maxpods`\n',
    ).settings;
    assert.equal(s?.value, '`cat /etc/maxpods`', 'the whole substitution is the value');
  });

  for (const [name, script] of [
    ['$(…)', 'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=$(cat /etc/maxpods)\n'],
    ['$((…))', 'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=$((2 * 110))\n'],
    ['${VAR}', 'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=${MAX_PODS}\n'],
    [
      '${VAR:-default with spaces}',
      'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=${MAX_PODS:-1 1 0}\n',
    ],
    ['$VAR', 'curl -sfL https://get.k3s.io | sh -s - --kube-controller-manager-arg=node-cidr-mask-size=$MASK\n'],
    [
      'in INSTALL_K3S_EXEC',
      paragraph(
        'curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server --kubelet-arg=max-pods=`cat /etc/maxpods`',
        '--cluster-cidr=`cat cidr`" sh -\n',
      ),
    ],
    [
      'as the next word',
      'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg "max-pods=`cat /etc/maxpods`" --cluster-cidr `get-cidr --v4`\n',
    ],
    ['K3S_URL', 'curl -sfL https://get.k3s.io | K3S_URL=`cat /etc/k3s-url` K3S_TOKEN=x sh -\n'],
    ['k3s server', 'k3s server --kubelet-arg=max-pods=`cat /etc/maxpods` --service-cidr=$(cat svc)\n'],
  ] as const) {
    test(`${name} is not judged`, () => assert.deepEqual(judged(script), []));
  }

  test('a real mistake beside a substitution is still reported, and so is one inside $(…)', () => {
    const beside = judged(
      'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=`cat /etc/maxpods` --kubelet-arg=max-pods=abc\n',
    );
    assert.equal(beside.length, 1, JSON.stringify(beside));
    assert.match(beside[0]!, /max-pods=abc is not a whole number/);
    const inside = judged('OUT=$(curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=abc)\n');
    assert.equal(inside.length, 1, JSON.stringify(inside));
  });

  test('any substitution, in any place a value goes, is not judged (property)', () => {
    const word = fc.stringMatching(/^[a-z/.;| -]{0,12}$/);
    const substitution = fc.oneof(
      word.map((w) => `\`cat ${w}\``),
      word.map((w) => `$(cat ${w})`),
      word.map((w) => `$(echo $(cat ${w}))`),
      fc.stringMatching(/^[A-Z_]{1,8}$/).map((v) => `$${v}`),
      fc.tuple(fc.stringMatching(/^[A-Z_]{1,8}$/), word).map(([v, d]) => `\${${v}:-${d.replace(/[{}]/g, '')}}`),
    );
    const flag = fc.constantFrom(
      '--kubelet-arg=max-pods=',
      '--kube-controller-manager-arg=node-cidr-mask-size=',
      '--cluster-cidr=',
      '--service-cidr=',
      '--kube-controller-manager-arg=node-cidr-mask-size-ipv6=',
    );
    // In INSTALL_K3S_EXEC the substitution is in double quotes, so the user's shell runs it; in single
    // quotes install.sh escapes `$`, `(` and `` ` `` and k3s gets the text as written (shell-words.test.ts).
    const place = fc.constantFrom('args', 'exec', 'server');
    fc.assert(
      fc.property(fc.array(fc.tuple(flag, substitution), { minLength: 1, maxLength: 4 }), place, (flags, where) => {
        const args = flags.map(([f, s]) => `${f}${s}`).join(' ');
        const script =
          where === 'args'
            ? `curl -sfL https://get.k3s.io | sh -s - ${args}\n`
            : where === 'exec'
              ? `curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server ${args}" sh -\n`
              : `k3s server ${args}\n`;
        assert.deepEqual(judged(script), [], script);
      }),
      { numRuns: 300 },
    );
  });

  test('nesting of substitutions is bounded (10,000 levels lint at once)', () => {
    const deep = `k3s server --kubelet-arg=max-pods=${'$('.repeat(10_000)}cat${')'.repeat(10_000)}\n`;
    const started = Date.now();
    assert.deepEqual(judged(deep), []);
    assert.ok(Date.now() - started < 5_000);
  });
});
