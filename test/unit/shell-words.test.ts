/**
 * One reader of shell text (server/src/engine/shell.ts), checked against the real `/bin/sh`
 * (dash): each table row is run by dash with commands `p` and `q` that print their words, and
 * the words must be those our reader finds for the `p`/`q` commands of the same text. The rows
 * are this file's own text, passed to dash as an argument (`eval "$1"`), never spliced into a
 * shell string. Substitutions are left out of the table on purpose: we keep `$(…)` as written.
 * Not in dash, so not here: `$'…'` (dash reads a `$`, then a quoted string: the table shows it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { lint, scanCommands, emptyWorkspace } from '../../server/src/engine';
import { k3sScript } from '../../server/src/engine/model/k3s';
import { installExecWords, shellCommands, shellWords } from '../../server/src/engine/shell';
import { paragraph, yaml } from '../../server/src/engine/template-text';

const SH = '/bin/sh';
// p prints its words to fd 3 (not stdout, which a pipe or redirection may take) and succeeds; q fails.
// One printf per command, ended by \x01: the two sides of a pipe run at once, and must not interleave.
const PRINTER =
  'exec 3>&1\nEND=$(printf "\\001")\np() { printf "%s\\0" "$@" "$END" >&3; }\nq() { p "$@"; return 1; }\neval "$1"\n';

// An empty folder as the working directory: no row globs, but a stray one would find nothing.
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'scalewise-sh-'));

function dashCommands(input: string): string[][] {
  const r = spawnSync(SH, ['-c', PRINTER, 'sh', input], { cwd, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } });
  assert.equal(r.error, undefined);
  return r.stdout
    .split('\x01\0')
    .slice(0, -1)
    .map((c) => c.split('\0').slice(0, -1));
}

function ourCommands(input: string): string[][] {
  return shellCommands(input)
    .filter((c) => !c.inside && (c.words[0]?.text === 'p' || c.words[0]?.text === 'q'))
    .map((c) => c.words.slice(1).map((w) => w.text));
}

/** [name, shell text, whether its commands run in parallel (a pipe: compared in sorted order)] */
const TABLE: [string, string, boolean?][] = [
  ['blanks', 'p a  b\tc'],
  ['single and double quotes', `p 'a b' "c d" e'f g'h "" ''`],
  ['quotes of the other kind inside', `p "a'b" 'a"b' "it's"`],
  ['escaped quotes in double quotes', 'p "a \\"b\\" c" "\\$HOME" "\\\\" "a\\b" "\\`"'],
  ['backslash outside quotes', 'p a\\ b \\"c\\" \\\\ \\\' a\\\\b \\#x'],
  ['backslash in single quotes is literal', "p 'x\\y' 'a\\'"],
  ['backslash-newline', 'p a \\\n  b c\\\nd "e\\\nf"'],
  ["$'…' is no quoting in dash", "p $'a b'"],
  ['comments', "p a # c 'd\np b#c"],
  ['; && || and newlines', 'p a; p b && q c || p d\np e;p f&&p g'],
  ['an operator goes on over the newline', 'p a &&\n  q b ||\n  p c'],
  ['background and wait', 'p a & wait; p b'],
  ['a pipe', 'p a | p b', true],
  ['a pipe over the newline', 'p a |\n  p b', true],
  ['redirections are not words', 'p a >/dev/null b 2>&1 c 2>/dev/null d </dev/null >>/dev/null e >|/dev/null'],
  ['a redirection without blanks', 'p a>/dev/null b<"/dev/null" c'],
  ['digits apart from the redirection are a word', 'p 2 >/dev/null 3'],
  [
    'subshells, groups and reserved words',
    '( p a ); { p b; }\nif p c; then p d; fi; if q e; then :; else p f; fi\nfor x in 1; do p g; done\n! q h',
  ],
  ['a quoted reserved word is a command word', 'p "if" then'],
  ['assignment-like words', 'p a=b "c=d e" --flag="x y"'],
  ["heredoc <<'EOF'", "p a <<'EOF'\np x y\nk3s server --max-pods=999\nEOF\np b"],
  ['heredoc <<EOF', 'p a <<EOF\np x\nEOF\np b'],
  ['heredoc <<"EOF"', 'p a <<"EOF"\np x\nEOF\np b'],
  ['heredoc <<-EOF strips tabs', 'p a <<-EOF\n\tp x\n\t\tEOF\np b'],
  ['heredoc <<EOF does not strip tabs', 'p a <<EOF\n\tEOF\np x\nEOF\np b'],
  ['two heredocs on one line', 'p a <<A <<B\np x\nA\np y\nB\np b'],
  ['a command after the heredoc operator', 'p a <<EOF; p c\np x\nEOF\np b'],
  ['heredoc into a pipe', 'p a <<EOF | p c\np x\nEOF', true],
  ['a partly quoted delimiter', 'p a <<E"O"F\np x\nEOF\np b'],
  ['a heredoc delimiter with no blank', 'p a <<EOF\np x\n EOF\nEOF\np b'],
  ['braces are not expanded by dash', 'p {a,b} a{b'],
];

describe('shell words: our reader and dash agree', () => {
  for (const [name, input, parallel] of TABLE) {
    test(name, () => {
      const sorted = (x: string[][]) =>
        parallel ? [...x].sort((a, b) => a.join('\0').localeCompare(b.join('\0'))) : x;
      const dash = dashCommands(input);
      assert.ok(dash.length > 0, `dash ran no p/q command of ${JSON.stringify(input)}`);
      assert.deepEqual(sorted(ourCommands(input)), sorted(dash));
    });
  }
});

// k3s-io/k3s install.sh: `escape` and `eval set -- $(escape "${INSTALL_K3S_EXEC}") $(quote "$@")`.
const INSTALL_ESCAPE = yaml`
  escape() {
    printf '%s' "$@" | sed -e 's/\\([][!#$%&()*;<=>?\\_\`{|}]\\)/\\\\\\1/g;'
  }
  eval set -- $(escape "$1")
  for a; do printf '%s\\0' "$a"; done
`;

describe("INSTALL_K3S_EXEC: our words and the install script's", () => {
  for (const value of [
    'server --node-label "tier=a b" --kubelet-arg=max-pods=300',
    '--flannel-backend none',
    "server --tls-san 'x y' --node-taint=a=b:NoSchedule",
    'agent --node-label a\\b "c\\d" "e;f" g;h',
    '  server\t--disable traefik  ',
    // In single quotes nothing ran it: install.sh escapes `$`, `(`, `` ` `` and k3s gets the pieces.
    'server --kubelet-arg=max-pods=$(echo $(cat -a )) --y=`cat x` --z=${A}',
  ]) {
    test(JSON.stringify(value), () => {
      const r = spawnSync(SH, ['-c', INSTALL_ESCAPE, 'sh', value], {
        cwd,
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin' },
      });
      const dash = r.stdout.split('\0').slice(0, -1);
      assert.ok(dash.length > 0);
      const [word] = shellWords(`X=${value.replace(/'/g, `'"'"'`).replace(/^|$/g, "'")}`);
      assert.deepEqual(
        installExecWords(word!, 2).map((w) => w.text),
        dash,
      );
    });
  }
});

describe('install scripts read as sh reads them', () => {
  const findings = (script: string) =>
    lint(script, { uri: '/w/install-k3s.sh', kind: 'k3s-install' }).findings.map((f) => f.ruleId);

  test('a heredoc body is not commands', () => {
    const script = [
      'curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.30.4+k3s1 sh -s - server',
      "cat <<'EOF' > /etc/motd",
      'k3s server --max-pods=500 --bogus-flag',
      'EOF',
      'cat <<EOF > /tmp/a',
      'curl -sfL https://get.k3s.io | sh -s - --kubelet-arg=max-pods=900',
      'EOF',
      'cat <<-EOF > /tmp/b',
      '\tk3s agent --max-pods 700',
      '\tEOF',
      'cat <<"EOF"',
      'k3s server --kubelet-arg=max-pods=abc',
      'EOF',
      '',
    ].join('\n');
    assert.deepEqual(
      k3sScript(script).settings.map((s) => `${s.name}=${s.value}`),
      [],
    );
    assert.deepEqual(findings(script), []);
  });

  test('an escaped quote then a blank in INSTALL_K3S_EXEC', () => {
    const script = paragraph(
      'curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION=v1.30.4+k3s1 INSTALL_K3S_EXEC="server --node-label',
      '\\"tier=a b\\" --kubelet-arg=max-pods=300" sh -\n',
    );
    const settings = k3sScript(script).settings;
    // install.sh's escape puts a `\` before `=`, which the double quotes keep: k3s gets `tier\=a b`.
    assert.deepEqual(
      settings.map((s) => `${s.parent ? `${s.parent}:` : ''}${s.name}=${s.value}`),
      ['node-label=tier\\=a b', 'kubelet-arg:max-pods=300'],
    );
    const maxPods = settings[1]!;
    assert.equal(script.slice(maxPods.range.start, maxPods.range.end), '--kubelet-arg=max-pods=300');
    assert.ok(findings(script).includes('k3s/max-pods-above-tested'), findings(script).join(', '));
  });

  test('a heredoc body in a deploy script is no --scale command', () => {
    const sh =
      "usage() {\n  cat <<'EOF'\nRun: docker compose up -d --scale web=9\nEOF\n}\ndocker compose up -d --scale api=2 2>&1 | tee log\n";
    const found = scanCommands('/w/deploy.sh', sh, emptyWorkspace()).scaleCommands.map(
      (c) => `${c.service}=${c.replicas} ${c.where}`,
    );
    assert.deepEqual(found, ['api=2 deploy.sh:6']);
  });

  test('a quoted --scale value with an escaped quote in a script', () => {
    const sh = 'echo "say \\"hi there\\"" && docker compose -f "my compose.yaml" up --scale "web=3"\n';
    const found = scanCommands('/w/up.sh', sh, emptyWorkspace()).scaleCommands.map(
      (c) => `${c.service}=${c.replicas} ${c.where}`,
    );
    assert.deepEqual(found, ['web=3 up.sh:1']);
  });

  test('README lines: an apostrophe in prose is no quote, a prompt is no comment', () => {
    const md =
      "Don't forget: `docker compose up --scale web=3`\n\n```sh\n$ docker compose up --scale api=4 # it's 4\n# docker compose up --scale db=1\n```\n";
    const found = scanCommands('/w/README.md', md, emptyWorkspace()).scaleCommands.map(
      (c) => `${c.service}=${c.replicas} ${c.where}`,
    );
    assert.deepEqual(found, ['web=3 README.md:1', 'api=4 README.md:4', 'db=1 README.md:5']);
  });
});
