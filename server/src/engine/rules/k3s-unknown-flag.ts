import { defineRule } from '../define-rule';
import { AGENT_FLAGS, ALL_FLAGS, COMPONENT_FLAGS, SERVER_FLAGS, nearestFlag } from '../model/k3s-flags';
import { k3sScript } from '../model/k3s';
import type { Edit, Fix } from '../types';
import { asMap, getPair, goValue, isScalar, keyRange, keyText, pairs } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k3s/unknown-flag',
    kinds: ['k3s-config', 'k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'warning',
    fixable: 'suggestion',
    messages: {
      unknownKey: (d) =>
        prose`
          "${d.key}" is not a k3s flag: k3s logs "Unknown flag --${d.key} found in config.yaml, skipping" and
          ignores it.${d.nearest ? ` Did you mean ${d.nearest}?` : ''}
        `,
      componentKey: (d) =>
        prose`
          "${d.key}" is a ${d.component} flag, not a k3s flag: k3s logs "Unknown flag --${d.key} found in
          config.yaml, skipping" and the ${d.component} never sees it. Pass it through ${d.parent}:
          ["${d.key}=…"].
        `,
      unknownFlag: (d) =>
        prose`
          --${d.key} is not a k3s ${d.role} flag: k3s ${d.role} refuses to start ("flag provided but not
          defined: -${d.key}").${d.nearest ? ` Did you mean --${d.nearest}?` : ''}
        `,
      serverOnly: (d) =>
        prose`
          --${d.key} is a k3s server flag; this script installs an agent, which refuses to start ("flag
          provided but not defined: -${d.key}"). Set it on the servers.
        `,
      rename: (d) => `Rename to ${d.to}`,
      moveToArg: (d) => `Pass it as ${d.parent}: ["${d.key}=${d.value}"]`,
    },
    docs: {
      summary: 'Every key of a k3s config file, and every flag of a k3s command line, must be a k3s flag.',
      why: paragraph(
        'k3s turns each config.yaml key into a command-line flag and drops the ones the command does not',
        'define, with only a log line: `Unknown flag --<key> found in config.yaml, skipping`. A typo',
        '(`kubelet-args`, `cluster-cidrs`) or a component flag written as a top-level key (`max-pods: 250`',
        'instead of `kubelet-arg: ["max-pods=250"]`) silently does nothing, and the cluster runs with',
        'defaults you meant to change. On the command line (install script arguments, `INSTALL_K3S_EXEC`,',
        '`k3s server ...`) an unknown flag stops k3s from starting. The list of flags is that of `k3s',
        'server` and `k3s agent` in the k3s docs (server flags are accepted in config files, which are',
        'often shared by servers and agents); an agent install script is checked against the agent flags.',
      ),
      bad: yaml`
        # scalewise: kind=k3s-config
        kubelet-args:
          - "image-gc-high-threshold=90"
      `,
      good: yaml`
        # scalewise: kind=k3s-config
        kubelet-arg:
          - "image-gc-high-threshold=90"
      `,
      fixNotes: paragraph(
        'A suggestion: the renamed key starts to apply (k3s ignored it before). A component flag is moved',
        'into its `*-arg` list only when the file has no such list yet.',
      ),
      sources: [
        'k3s-io/k3s@f646604010affc6a1d3233a8a0870bca46bf80cf:pkg/configfilearg/parser.go (stripInvalidFlags: "Unknown flag %s found in config.yaml, skipping")',
        'k3s-io/docs@02434960d6d5881e47ae8a1c857c4b51f23deec6:docs/cli/server.md (k3s server flags)',
        'k3s-io/docs@1f023c058c5f999a8857644625779e7298d13936:docs/cli/agent.md (k3s agent flags)',
        paragraph(
          'k3s-io/k3s@005499a940eafe99977bcabd6991a888a4cb6642:pkg/cli/cmds/server.go (hidden flags:',
          'disable-apiserver, disable-controller-manager, disable-etcd, disable-agent, kube-controller-arg,',
          'kube-cloud-controller-arg)',
        ),
      ],
      uncertain: paragraph(
        "The command-line error text is that of Go's flag package, which urfave/cli (k3s's CLI library)",
        'uses; Scalewise did not run k3s to capture it. Flags added to k3s after the documentation commit',
        'are reported as unknown until the list is updated.',
      ),
    },
  },
  (ctx) => {
    if (ctx.file.isYaml) {
      const settings = ctx.models.k3sSettings;
      for (const d of ctx.file.documents) {
        const root = asMap(d.root, d.doc);
        for (const p of pairs(root)) {
          const raw = keyText(p);
          if (raw === null) continue;
          const key = raw.replace(/\+$/, '');
          if (ALL_FLAGS.has(key)) continue;
          const range = keyRange(p);
          // A Map: a plain object would answer `constructor` or `toString` from Object.prototype.
          const parent = COMPONENT_FLAGS.get(key);
          if (parent) {
            const fixes: Fix[] = [];
            const v =
              isScalar(p.value) &&
              p.value.range &&
              (typeof p.value.value === 'string' || typeof p.value.value === 'number')
                ? p.value
                : null;
            if (v && !getPair(root, parent) && !getPair(root, `${parent}+`)) {
              // In a drop-in, `+` keeps the list an earlier file sets.
              const append = settings.some((s) => s.parent === parent && s.otherFile !== undefined);
              // The value k3s passes on: go-yaml reads an unquoted `017` as 15.
              const go = goValue(v, d.doc);
              const value = typeof go === 'number' ? String(go) : String(v.value);
              const edits: Edit[] = [
                { ...range, text: `${parent}${append ? '+' : ''}` },
                { start: v.range![0], end: v.range![1], text: `[${JSON.stringify(`${key}=${value}`)}]` },
              ];
              fixes.push({ title: ctx.message('moveToArg', { parent, key, value }), safety: 'suggestion', edits });
            }
            ctx.report({
              messageId: 'componentKey',
              data: { key, parent, component: parent.replace(/-arg$/, '') },
              range,
              fixes,
            });
            continue;
          }
          const nearest = nearestFlag(key);
          ctx.report({
            messageId: 'unknownKey',
            data: { key, nearest: nearest ?? '' },
            range,
            fixes: nearest
              ? [
                  {
                    title: ctx.message('rename', { to: nearest }),
                    safety: 'suggestion',
                    edits: [{ ...range, text: raw.endsWith('+') ? `${nearest}+` : nearest }],
                  },
                ]
              : [],
          });
        }
      }
      return;
    }
    const script = k3sScript(ctx.file.text);
    const known = script.role === 'agent' ? AGENT_FLAGS : SERVER_FLAGS;
    for (const s of script.settings) {
      if (!s.key || !s.keyRange || known.has(s.key)) continue;
      if (script.role === 'agent' && SERVER_FLAGS.has(s.key)) {
        ctx.report({ messageId: 'serverOnly', data: { key: s.key }, range: s.keyRange });
        continue;
      }
      const nearest = nearestFlag(s.key, known);
      ctx.report({
        messageId: 'unknownFlag',
        data: { key: s.key, role: script.role, nearest: nearest ?? '' },
        range: s.keyRange,
        fixes: nearest
          ? [
              {
                title: ctx.message('rename', { to: `--${nearest}` }),
                safety: 'suggestion',
                edits: [{ ...s.keyRange, text: `--${nearest}` }],
              },
            ]
          : [],
      });
    }
  },
);
