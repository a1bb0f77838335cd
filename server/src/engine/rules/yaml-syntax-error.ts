import { defineRule } from '../define-rule';
import { MAX_NESTING_DEPTH_CAP } from '../nesting';
import { MAX_LINT_BYTES } from '../parse';
import { LineIndex } from '../positions';
import { FILE_KINDS, type FileKind } from '../types';
import { anchorIndex, keyRange, keyText, lineOf, mappings, nodeRange, ownPairs } from '../yaml-ast';
import { paragraph, prose, yaml } from '../template-text';

/** Kinds whose files are not YAML: shell scripts, and DRAKVUF's TOML and INI (model/drakrun.ts reads them). */
type NotYaml = 'k3s-install' | 'script' | 'drakrun-config' | 'drakrun-ini';
const NOT_YAML: readonly FileKind[] = ['k3s-install', 'script', 'drakrun-config', 'drakrun-ini'];

const KUBECTL = 'kubectl (even with --validate=strict: it converts YAML to JSON before the API server sees it)';

/**
 * What the tool that reads each kind does with a repeated key (measured, see the docs' sources):
 * go-yaml v3 (docker compose) and go-yaml v2's strict mode (Prometheus) refuse the file; go-yaml v2
 * and sigs.k8s.io/yaml (docker stack deploy, kubectl, helm, k3s) keep the last value without a word.
 */
const DUPLICATE_KEY: Record<
  Exclude<FileKind, NotYaml>,
  { refusal: (key: string, firstLine: number) => string } | { tool: string }
> = {
  compose: {
    refusal: (key, line) => prose`
    docker compose stops with \`mapping key "${key}" already defined at line ${line}\` (docker-compose v1
    keeps the last value).
  `,
  },
  prometheus: {
    refusal: (key) =>
      `Prometheus refuses to load the file (\`field ${key} already set in type …\` or \`key "${key}" already set in map\`).`,
  },
  swarm: { tool: 'docker stack deploy (docker compose would refuse the file)' },
  kubernetes: { tool: KUBECTL },
  'runai-config': { tool: KUBECTL },
  'helm-values': { tool: 'helm' },
  'k3s-config': { tool: 'k3s' },
};

export default defineRule(
  {
    id: 'yaml/syntax-error',
    kinds: FILE_KINDS.filter((k) => !NOT_YAML.includes(k)),
    scope: 'file',
    defaultSeverity: 'error',
    messages: {
      syntax: (d) => `YAML syntax error: ${d.detail}`,
      duplicateKey: (d) => `Duplicate key "${d.key}" (first on line ${d.firstLine}): ${d.refusal}`,
      duplicateKeyLost: (d) =>
        `Duplicate key "${d.key}" (first on line ${d.firstLine}): ${d.tool} keeps only the last value, so the earlier one is silently lost.`,
      undefinedAlias: (d) =>
        prose`
          Alias "*${d.alias}" refers to no anchor defined before it: go-yaml (docker compose, kubectl, helm)
          stops with "unknown anchor '${d.alias}' referenced", PyYAML (docker-compose v1) with "found
          undefined alias".
        `,
      tooLarge: (d) => `File not linted: ${d.size} bytes is above the ${d.limit}-byte limit.`,
      tooDeep: (d) =>
        `File not parsed: it nests deeper than the limit of ${d.limit} maps and sequences inside each other. ` +
        (Number(d.limit) < Number(d.cap)
          ? `Raise the limit (up to ${d.cap}) with \`limits.maxNestingDepth\` in .scalewise.yaml or the editor setting \`scalewise.limits.maxNestingDepth\`.`
          : `${d.cap} is the most Scalewise parses without overflowing the stack.`),
    },
    docs: {
      summary:
        'The file is not valid YAML, so the tools that read it will refuse it or read something else than written.',
      why:
        paragraph(
          'docker compose, docker stack deploy, helm and k3s all stop at the first YAML error; the rest of the',
          'file is never applied. Scalewise reports the error where the parser found it and keeps checking the',
          'documents that did parse. A file that nests more than 256 maps and sequences inside each other',
          '(`limits.maxNestingDepth`, at most 512) is not parsed at all: the parser recurses once per level',
          'and would overflow the stack (measured on Node 20: about 790 levels of flow collections). Real',
          'files nest under 30 levels; go-yaml itself, which docker compose, kubectl and helm use, stops at',
          '10,000 (`exceeded max depth of 10000`). ',
        ) +
        paragraph(
          'A key repeated in one map is an error where the tool refuses the file: docker compose (compose-go',
          'reads with go-yaml v3: `mapping key "restart" already defined at line 6`, a second `<<` merge key',
          'included) and Prometheus (strict go-yaml v2: `field scrape_interval already set in type',
          'config.plain`). It is a warning where the tool keeps the last value and drops the others',
          'silently: kubectl and so RunaiConfig manifests (sigs.k8s.io/yaml turns the YAML into JSON on the',
          'client, so even `--validate=strict` cannot see the repeat), helm values, k3s `config.yaml` (read',
          'as a go-yaml v2 `MapSlice`, later keys replace earlier ones) and `docker stack deploy`',
          '(docker/cli reads with go-yaml v2). Measured with kubectl 1.32 (`kubectl label --local -o yaml`),',
          'promtool 2.42, docker-compose 1.29.2 and go-yaml v2.4/v3.0.1, sigs.k8s.io/yaml 1.3. ',
        ),
      bad: yaml`
        services:
          web:
            image: nginx
           ports: ["80"]
      `,
      good: yaml`
        services:
          web:
            image: nginx
            ports: ["80"]
      `,
      exampleFile: 'compose.yaml',
      sources: [
        'https://yaml.org/spec/1.2.2/',
        'https://github.com/go-yaml/yaml/blob/v3.0.1/decode.go (`mapping key %#v already defined at line %d`: go-yaml v3, used by compose-go)',
        'https://github.com/docker/compose/issues/5267 (docker-compose v1: duplicate keys silently overwritten)',
        'https://github.com/kubernetes/kubernetes/issues/125885 (kubectl create with fieldValidation=Strict: a repeated `containers:` keeps only the last)',
        'https://github.com/kubernetes-sigs/yaml/blob/master/yaml.go (`YAMLToJSON` is non-strict; `YAMLToJSONStrict` reports `key already set in map`)',
        'https://github.com/helm/helm/issues/4107 (duplicate keys in values.yaml are silently ignored: the last value is used)',
        'https://github.com/k3s-io/k3s/blob/master/pkg/configfilearg/parser.go (`yaml.MapSlice`, `values[k] = v`)',
        'https://github.com/docker/cli/blob/v24.0.0/cli/compose/loader/loader.go (`ParseYAML`: gopkg.in/yaml.v2 `Unmarshal`)',
        'https://github.com/prometheus/prometheus/blob/main/config/config.go (`Load`: `yaml.UnmarshalStrict`)',
        'https://eemeli.org/yaml/#errors',
        'go-yaml/yaml v3 decode.go ("unknown anchor \'%s\' referenced"); PyYAML composer.py ("found undefined alias")',
        'go-yaml/yaml@01c0521:scannerc.go (`max_flow_level = 10000`, `max_indents = 10000`: "exceeded max depth of %d")',
        'Nesting limit: measured with yaml 2.9.1 on Node 20 (server/src/engine/nesting.ts, test/unit/nesting.test.ts)',
      ],
    },
  },
  (ctx) => {
    const { text } = ctx.file;
    if (text.length > MAX_LINT_BYTES) {
      ctx.report({
        messageId: 'tooLarge',
        data: { size: text.length, limit: MAX_LINT_BYTES },
        range: { start: 0, end: 0 },
        severity: 'warning',
      });
      return;
    }
    if (ctx.file.tooDeep) {
      const { limit, offset } = ctx.file.tooDeep;
      ctx.report({
        messageId: 'tooDeep',
        data: { limit, cap: MAX_NESTING_DEPTH_CAP },
        range: { start: offset, end: Math.min(offset + 1, text.length) },
      });
      return;
    }
    // An alias must follow its anchor in the same document; the parser leaves the check to toJS().
    // Most files have no alias at all: skip the walk (4% of lint time on a 200-service file). Asked
    // once per file: per document it scanned the whole text again (200,000 ConfigMaps: quadratic).
    const mayHaveAliases = text.includes('*');
    // One error per line, the first the parser found: the parser often reports one mistake twice
    // or more (`{% if x %}` is a flow map whose key may not start with `%`, and then an implicit
    // key without `:`), and go-yaml, which the tools use, stops at the first error anyway.
    const linesWithError = new Set<number>();
    let lines: LineIndex | undefined;
    for (const d of ctx.file.documents) {
      for (const e of d.doc.errors) {
        const start = Math.min(e.pos[0], text.length);
        const line = (lines ??= new LineIndex(text)).position(start).line;
        if (linesWithError.has(line)) continue;
        linesWithError.add(line);
        ctx.report({
          messageId: 'syntax',
          data: { detail: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') },
          range: { start, end: Math.min(Math.max(e.pos[1], start + 1), text.length) },
        });
      }
      // One walk per document (anchorIndex): `Alias.resolve()` walked the whole document per alias.
      if (mayHaveAliases) {
        for (const node of anchorIndex(d.doc).dangling)
          ctx.report({ messageId: 'undefinedAlias', data: { alias: node.source }, range: nodeRange(node) });
      }
      // The parser's own uniqueKeys check is quadratic (20,000 services took seconds); a Set per map is not.
      // go-yaml v2 merges every `<<` of a map; go-yaml v3 (docker compose) refuses a second one.
      const mergeKeysMayRepeat = ctx.kind !== 'compose';
      const effect = DUPLICATE_KEY[ctx.kind as keyof typeof DUPLICATE_KEY];
      for (const { map } of mappings(d.root, d.doc)) {
        const seen = new Map<string, number>();
        // The keys as written: a key merged in (`<<: *anchor`) that the map also sets is no duplicate.
        for (const p of ownPairs(map)) {
          const key = keyText(p);
          if (key === null || (key === '<<' && mergeKeysMayRepeat)) continue;
          const range = keyRange(p);
          const first = seen.get(key);
          if (first === undefined) {
            seen.set(key, range.start);
            continue;
          }
          const firstLine = lineOf(text, first) + 1;
          if ('refusal' in effect)
            ctx.report({
              messageId: 'duplicateKey',
              data: { key, firstLine, refusal: effect.refusal(key, firstLine) },
              range,
            });
          else
            ctx.report({
              messageId: 'duplicateKeyLost',
              data: { key, firstLine, tool: effect.tool },
              range,
              severity: 'warning',
            });
        }
      }
    }
  },
);
