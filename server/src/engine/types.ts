/**
 * The engine's vocabulary. Nothing here knows about LSP or the terminal: offsets are 0-based
 * UTF-16 indexes into the text, converted to lines and columns only at the edges.
 */
import type { Document, Node } from 'yaml';
import type { RuleModels } from './models';

/** The kinds of file Scalewise understands. `none` means "not ours": nothing is reported. */
export const FILE_KINDS = [
  'compose',
  'swarm',
  'helm-values',
  'runai-config',
  'k3s-config',
  'k3s-install',
  'kubernetes',
  /** A shell script, Makefile or README that runs `docker compose … --scale` or `docker service scale`. */
  'script',
  /** A Prometheus server config (`prometheus.yml`) with `remote_write:` or `scrape_configs:`. */
  'prometheus',
  /** DRAKVUF Sandbox v0.19+ `/etc/drakrun/config.toml` (TOML, read by drakrun's pydantic model). */
  'drakrun-config',
  /** DRAKVUF Sandbox v0.18 `/etc/drakrun/config.ini` or `/etc/drakcore/config.ini` (INI, read by Python's configparser). */
  'drakrun-ini',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];
/**
 * Kinds Scalewise recognises and does not lint. `template`: a Helm chart template or a
 * Jinja-templated manifest (engine/template.ts); its text is not the YAML the tools read, so no
 * rule runs and the editor and the CLI say why. `none`: not ours.
 */
export const UNLINTED_KINDS = ['template', 'none'] as const;
export type UnlintedKind = (typeof UNLINTED_KINDS)[number];
export type KindOrNone = FileKind | UnlintedKind;

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeverityOrOff = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * What a rule reads, so that an edit only re-runs the rules whose input it touched:
 * `service` (one Compose service or one workload), `document` (one YAML document of a stream),
 * `file`, or `workspace` (other files too, such as scripts that `--scale` a service).
 */
export type RuleScope = 'service' | 'document' | 'file' | 'workspace';

/**
 * `safe`: keeps the meaning for a live system (removing an ignored key); applied by `--fix` and fix-all.
 * `suggestion`: changes replicas, resources or names others may use; offered, never applied in bulk.
 */
export type FixSafety = 'safe' | 'suggestion';

export interface Range {
  start: number;
  end: number;
}

export interface Edit extends Range {
  text: string;
  /**
   * The node (a pair's or a collection's range) this edit means to change. Fixing refuses an
   * edit whose result changes anything outside it (engine/fix-guard.ts). When absent, the
   * smallest node around the edit is assumed.
   */
  node?: Range;
  /**
   * Anchors (names) whose node this edit changes on purpose, so every alias of them reads the
   * change too: set by lint() on the edits of a fix inside a shared anchor, which is then only a
   * suggestion. The guard lets those aliases change (fix-guard.ts).
   */
  anchors?: string[];
}

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: Edit[];
}

/** Another place in the same file that a finding is about (the other services that repeat a key). */
export interface RelatedPlace {
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  range: Range;
  /** The rule's own fixes, safest first. */
  fixes: Fix[];
  data?: Record<string, string | number>;
  /** The other places the finding stands for, when it is reported once for several. */
  related?: RelatedPlace[];
}

/** A sizing fact shown as a code lens (above `range`) and in the hover over `range`. */
export interface SizingHint {
  range: Range;
  /** One line, for the code lens and the CLI. */
  title: string;
  /** Markdown, for the hover. */
  detail?: string;
  lens: boolean;
  /**
   * Nothing beyond the defaults (one replica, no limits or requests): the CLI lists it with the
   * others, the editor shows no code lens for it (the hover keeps the detail).
   */
  plain?: boolean;
  /** Other places whose hover shows `detail`: the replica count of the service or workload. */
  also?: Range[];
}

export interface RuleDocs {
  summary: string;
  why: string;
  bad: string;
  good: string;
  /** Where each number and claim comes from: URLs or `owner/repo@commit:path`. */
  sources: string[];
  /** Facts the sources mark as uncertain; the docs page shows them. */
  uncertain?: string;
  /** The `.scalewise.yaml` settings the doc examples are linted with (e.g. a cluster size). */
  exampleConfig?: Partial<ScalewiseConfig>;
  /** File name the doc examples are linted under, when the kind needs one (e.g. `values.yaml`). */
  exampleFile?: string;
  /** What the rest of the workspace holds for the doc examples (e.g. the Compose file a script targets). */
  exampleWorkspace?: WorkspaceFacts;
  /**
   * The length the bad example stands for when that is too large to print (a file above a size
   * limit): the page says so, and the registry tests pad `bad` with `#` lines to it before linting.
   */
  badSize?: number;
  fixNotes?: string;
}

export type MessageFn = (data: Record<string, string | number>) => string;

/**
 * How an editor shows a rule's findings: `unnecessary` fades the text (code that does nothing),
 * `deprecated` strikes it through (LSP DiagnosticTag).
 */
export type RuleTag = 'unnecessary' | 'deprecated';

export interface RuleMeta<M extends string = string> {
  id: string;
  /** Ids the rule had before a rename: settings, `.scalewise.yaml`, suppression comments and `--rule` still accept them. */
  formerIds?: readonly string[];
  kinds: readonly FileKind[];
  scope: RuleScope;
  defaultSeverity: Severity;
  /** Off unless the user turns it on in settings or `.scalewise.yaml`. */
  defaultOff?: boolean;
  /**
   * Rules whose finding at the same range says what this rule's would, and more generally: when
   * one of them reports there, lint() drops this rule's finding (engine/lint.ts `dropSuperseded`).
   * Only findings that were reported count, so with the other rule off (or not run) this one's
   * stays. The engine reads it; the rule itself never looks at another rule.
   */
  supersededBy?: readonly string[];
  /** The strongest fix the rule can offer, or undefined when it never fixes. */
  fixable?: FixSafety;
  tags?: readonly RuleTag[];
  messages: Record<M, MessageFn>;
  docs: RuleDocs;
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  range: Range;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (e.g. a hint that becomes an error). */
  severity?: Severity;
  related?: RelatedPlace[];
}

export interface ParsedDocument {
  doc: Document.Parsed;
  /** The document's top-level node, or null for an empty document. */
  root: Node | null;
  range: Range;
}

export interface ParsedFile {
  /**
   * The text as parsed: the file's own text with each lone CR read as an LF (same length, so
   * offsets are the same in both). Rules and edits work on it; fixes apply to the original.
   */
  text: string;
  /** The line break the file uses most; lint() rewrites the line breaks fixes insert to it. */
  eol: '\n' | '\r\n' | '\r';
  uri: string;
  documents: ParsedDocument[];
  /** False when the file is not YAML (a shell script). */
  isYaml: boolean;
  /** Set when the file nests deeper than `limits.maxNestingDepth`: it was not parsed (engine/nesting.ts). */
  tooDeep?: NestingOverflow;
}

export interface NestingOverflow {
  /** How many nested maps and sequences were allowed. */
  limit: number;
  /** Where the text first nests deeper. */
  offset: number;
}

/** What the rest of the workspace says about this file; built by the CLI or the server. */
export interface WorkspaceFacts extends KubernetesWorkspaceFacts {
  /** `docker compose up --scale S=N`, `docker service scale STACK_S=N`, ... found in scripts. */
  scaleCommands: ScaleCommand[];
  /** Compose files (workspace-relative or absolute paths) deployed with `docker stack deploy -c`. */
  stackFiles: string[];
  /** What the Compose files a script may target define (absolute paths); filled by the CLI and the server. */
  composeFiles?: ComposeFileFacts[];
  /**
   * k3s `config.yaml` files and their `config.yaml.d/*.yaml` drop-ins (absolute paths, texts), so
   * that linting one of them sees the settings the others add or override.
   */
  k3sConfigFiles?: { path: string; text: string }[];
  /**
   * DRAKVUF Sandbox v0.18 `drakrun/config.ini` and `drakcore/config.ini` files (absolute paths,
   * texts), so that linting one of them compares it with the other (model/drakrun.ts).
   */
  drakrunIniFiles?: { path: string; text: string }[];
}

/**
 * Kubernetes manifests elsewhere in the workspace, for rules that read an HPA against the
 * workload it scales (model/k8s-hpa.ts `scanKubernetesFile`); filled by the CLI and the server.
 */
export interface KubernetesWorkspaceFacts {
  kubernetesWorkloads?: KubernetesWorkloadFacts[];
  kubernetesHpas?: KubernetesHpaFacts[];
  /**
   * The folders (absolute) whose YAML files were all read into the lists above. A rule that
   * reports what the workspace lacks speaks only for a file in one of them: not for a file open
   * on its own in an editor, nor before the scan ended, nor after a scan stopped at its cap.
   */
  kubernetesScannedDirs?: string[];
}

/** One workload of a manifest in the workspace. */
export interface KubernetesWorkloadFacts {
  /** Absolute path of the manifest. */
  path: string;
  kind: string;
  name: string;
  namespace?: string;
  /** `spec.replicas` and its 1-based line, where the manifest sets it. */
  replicas?: number;
  replicasLine?: number;
  /** Names of the (non-init) containers. */
  containers: string[];
  /** Containers with neither `requests.cpu` nor `limits.cpu` (which Kubernetes would copy). */
  containersWithoutCpuRequest: string[];
}

/** One HorizontalPodAutoscaler of a manifest in the workspace. */
export interface KubernetesHpaFacts {
  path: string;
  name: string;
  namespace?: string;
  targetKind: string;
  targetName: string;
  minReplicas?: number;
  maxReplicas?: number;
  /** Scales on CPU utilisation (a percentage of the containers' requests). */
  cpuUtilization: boolean;
}

/** The names in one Compose file, for rules that read a script against the file it targets. */
export interface ComposeFileFacts {
  /** Absolute path. */
  path: string;
  services: string[];
  /** `container_name` -> service name. */
  containerNames: Record<string, string>;
  /** `image` per service, as written. */
  images: Record<string, string>;
  /** `scale` (else `deploy.replicas`) per service, where the file sets one. */
  scales: Record<string, number>;
}

export interface ScaleCommand {
  service: string;
  replicas: number;
  /** Where it was found, for messages: `deploy.sh:12`. */
  where: string;
  tool: 'compose' | 'swarm';
}

export interface ClusterFacts {
  nodes?: number;
  gpus?: number;
  /**
   * Where `nodes` came from when it was not written in `.scalewise.yaml`, e.g. `counted in context
   * prod (https://10.0.0.1:6443)`: the server and the CLI fill it when they count the nodes.
   */
  nodesSource?: string;
  /** CPU architectures of the nodes (`amd64`, `arm64`, ...), the manager's first. */
  architecture?: string | string[];
  /** The size of each of the `nodes` nodes, for "will it fit?" (sizing/fit.ts). */
  node?: DeclaredNode;
  /** Groups of nodes of one size; with `nodes` written too, their counts add up to it (config.ts checks). */
  nodePools?: DeclaredNodePool[];
}

/** A node's allocatable resources as `.scalewise.yaml` declares them. */
export interface DeclaredNode {
  /** Cores: `8`, or a Kubernetes quantity such as `7800m`. */
  cpu: number | string;
  /** Bytes, or a Kubernetes quantity such as `32Gi`. */
  memory: number | string;
  /** Pods the node runs; the kubelet's default `--max-pods` (110) when unset. */
  pods?: number;
}

export interface DeclaredNodePool extends DeclaredNode {
  name?: string;
  count: number;
}

export interface PolisFacts {
  /** Participants of the largest conversation. */
  participants?: number;
  /** Comments of the largest conversation. */
  comments?: number;
}

export interface ScalewiseConfig {
  rules: Record<string, SeverityOrOff>;
  kinds: Record<string, KindOrNone>;
  cluster: ClusterFacts;
  sizing: Record<string, number>;
  /** Polis conversation size, for the math worker sizing (only present when configured). */
  polis?: PolisFacts;
  limits?: LimitsConfig;
}

/** Safety limits of the parser (`limits:` in `.scalewise.yaml`, `scalewise.limits.*` in the editor). */
export interface LimitsConfig {
  /** Nested maps and sequences a file may have before it is not parsed (engine/nesting.ts). */
  maxNestingDepth?: number;
}

export interface RuleContext<M extends string> {
  file: ParsedFile;
  kind: FileKind;
  config: ScalewiseConfig;
  workspace: WorkspaceFacts;
  /** Services, workloads, k3s settings and the like, computed once per parsed file and shared (engine/models.ts). */
  models: RuleModels;
  report(descriptor: ReportDescriptor<M>): void;
  hint(hint: SizingHint): void;
  /** Renders one of the rule's own messages, e.g. a fix title. */
  message(id: M, data?: Record<string, string | number>): string;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M> & { docsUrl: string };
  check(ctx: RuleContext<M>): void;
}

export interface LintOptions {
  uri: string;
  /** Forces a kind; otherwise detection runs. */
  kind?: KindOrNone;
  config?: ScalewiseConfig;
  workspace?: WorkspaceFacts;
  /** Run only these rule ids (the CLI's `--rule`). */
  only?: readonly string[];
  /**
   * A rule in `only` that is off by default runs at its default severity: naming it asks for it
   * (`scalewise lint --rule k8s/single-replica`). A rule the config turns off stays off.
   */
  onlyEnables?: boolean;
  /**
   * Report JSON-schema errors for the kinds that have a schema; `unless-red-hat-yaml`: not for
   * the files Red Hat YAML validates with the same schema (engine/schema.ts `redHatYamlValidates`).
   */
  schemaDiagnostics?: boolean | 'unless-red-hat-yaml';
  /** Record what each rule reads (engine/scope.ts) into `LintResult.reads`; for the tests, which hold rules to `meta.scope`. */
  recordReads?: boolean;
}

/** The scope a rule's reads needed in one lint, and the read that needed it. */
export interface ObservedReads {
  scope: RuleScope;
  why: string;
}

export interface LintResult {
  kind: KindOrNone;
  /** Why the kind was chosen, for the status bar and `--format json`. */
  kindReason: string;
  findings: Finding[];
  hints: SizingHint[];
  file: ParsedFile;
  /** With `recordReads`: per rule id that ran, what it read. */
  reads?: Record<string, ObservedReads>;
}
