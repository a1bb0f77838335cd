/**
 * Which kind of file this is. Order of precedence: the modeline, the user's glob -> kind
 * settings, then what the path and the content say.
 */
import * as path from 'node:path';
import { looksLikeConfigText, MAX_SCRIPT_BYTES } from './parse';
import { FILE_KINDS, type KindOrNone, type ParsedFile, type WorkspaceFacts } from './types';
import { cachedGlob } from './glob';
import { get, getPair, isMap, stringValue } from './yaml-ast';
import { fileUriToPath, type PathPlatform } from './uri';
import { isStackFile, locateScaleCommands } from './scale-commands';
import { chartOfTemplate, templateDirective } from './template';

export interface Detection {
  kind: KindOrNone;
  reason: string;
}

/** File names of Run:ai control-plane values; also the package.json yamlValidation fileMatch of its schema. */
export const RUNAI_CONTROL_PLANE_VALUES = /^(?:runai[-_]control[-_]plane[-_]values|runai-backend-values)[^/]*\.ya?ml$/i;

const VALUES_NAME = /^values[^/]*\.ya?ml$/i;

const MODELINE = /^[ \t]*#[ \t]*scalewise:[ \t]*kind[ \t]*=[ \t]*([a-z0-9-]+)/m;

export function modelineKind(text: string): KindOrNone | undefined {
  // Only the head of the file, so a modeline pasted deep inside a value does not count.
  const m = MODELINE.exec(text.slice(0, 2048));
  if (!m) return undefined;
  const k = m[1] as KindOrNone;
  return k === 'none' || k === 'template' || (FILE_KINDS as readonly string[]).includes(k) ? k : undefined;
}

export interface DetectOptions {
  kindGlobs?: Record<string, KindOrNone>;
  workspace?: WorkspaceFacts;
  /** Whether a file exists; lets detection see a `Chart.yaml` beside `values.yaml`. */
  exists?: (absPath: string) => boolean;
  /** The editor's language id for the document (LSP `languageId`), when there is one. */
  languageId?: string;
}

/** The file path of a document's URI (engine/uri.ts); a URI of another scheme, or a plain path, as it is. */
export function filePathOf(uri: string, platform?: PathPlatform): string {
  return fileUriToPath(uri, platform) ?? uri;
}

export function detectKind(file: ParsedFile, opts: DetectOptions = {}): Detection {
  const fsPath = filePathOf(file.uri);
  const posix = fsPath.replace(/\\/g, '/');
  const base = path.posix.basename(posix);

  const fromModeline = modelineKind(file.text);
  if (fromModeline) return { kind: fromModeline, reason: 'modeline' };

  // `**` any folders, `*` any name part, `?` one character, against the whole path or its tail (glob.ts).
  for (const [glob, kind] of Object.entries(opts.kindGlobs ?? {})) {
    if (cachedGlob(glob, { dialect: 'path', tail: true }).test(posix)) return { kind, reason: `setting "${glob}"` };
  }

  // Every file of a chart's templates/ is a Go template, whatever it holds (template.ts).
  if (opts.exists && chartOfTemplate(fsPath, opts.exists))
    return { kind: 'template', reason: 'Helm chart template, under templates/ beside Chart.yaml' };

  const drakrun = drakrunKind(posix, base, file.text);
  if (drakrun) return drakrun;
  if (looksLikeConfigText(posix))
    return { kind: 'none', reason: 'TOML or INI file that is not a DRAKVUF Sandbox config' };

  if (!file.isYaml) {
    if (/get\.k3s\.io|INSTALL_K3S_EXEC|INSTALL_K3S_VERSION|\bk3s (server|agent)\b/.test(file.text))
      return { kind: 'k3s-install', reason: 'installs k3s' };
    // Too large to read its commands: a script if it names them at all, so script/too-large says it was not linted.
    if (file.text.length > MAX_SCRIPT_BYTES) {
      return /\bdocker\b/.test(file.text) && /\bscale\b/.test(file.text)
        ? { kind: 'script', reason: 'mentions docker and scale; too large to read its commands' }
        : { kind: 'none', reason: 'shell script too large to read, naming neither a k3s install nor docker scale' };
    }
    return locateScaleCommands(fsPath, file.text).length > 0
      ? { kind: 'script', reason: 'runs docker compose --scale or docker service scale' }
      : { kind: 'none', reason: 'shell script without a k3s install' };
  }

  if (/(^|\/)rancher\/k3s\/config\.yaml$/.test(posix) || /(^|\/)config\.yaml\.d\/[^/]+\.ya?ml$/.test(posix)) {
    return { kind: 'k3s-config', reason: 'k3s config path' };
  }

  // Helm reads values files as YAML, untemplated: a `{{` there is the user's YAML error to report.
  const values = helmValues(fsPath, base, opts);
  if (values) return values;
  // Helm extensions give templates the language id `helm`; helm-ls gives it to values files too.
  if (opts.languageId === 'helm' && !VALUES_NAME.test(base))
    return { kind: 'template', reason: 'opened as a helm document' };

  const directive = templateDirective(file.text);
  if (directive) {
    const line = file.text.slice(0, directive.offset).split('\n').length;
    return {
      kind: 'template',
      reason: `template directive "${directive.opener}" at line ${line}, where YAML reads structure`,
    };
  }

  // prometheus.yml, prometheus-agent.yaml, ...: a server config when it has the top-level keys of one.
  // Prometheus Operator resources (`kind: Prometheus`) have apiVersion and kind and stay `kubernetes`.
  if (/^prometheus[^/]*\.ya?ml$/i.test(base)) {
    const top = file.documents.find(
      (d) => isMap(d.root) && (getPair(d.root, 'remote_write') !== null || getPair(d.root, 'scrape_configs') !== null),
    );
    if (top) return { kind: 'prometheus', reason: 'Prometheus config (remote_write or scrape_configs)' };
  }

  const isComposeName = /^(docker-)?compose[^/]*\.ya?ml$/i.test(base);
  if (isComposeName) return composeOrSwarm(fsPath, opts, 'Compose file name');

  let sawManifest = false;
  let sawServices = false;
  for (const d of file.documents) {
    if (!isMap(d.root)) continue;
    const apiVersion = stringValue(get(d.root, 'apiVersion', d.doc), d.doc);
    const kind = stringValue(get(d.root, 'kind', d.doc), d.doc);
    if (apiVersion?.startsWith('run.ai/') && kind === 'RunaiConfig')
      return { kind: 'runai-config', reason: 'kind: RunaiConfig' };
    if (apiVersion && kind) sawManifest = true;
    if (isMap(get(d.root, 'services', d.doc))) sawServices = true;
  }
  if (sawManifest) return { kind: 'kubernetes', reason: 'apiVersion and kind' };
  if (sawServices) return composeOrSwarm(fsPath, opts, 'top-level services:');
  return { kind: 'none', reason: 'no known shape' };
}

/**
 * DRAKVUF Sandbox (DOMAIN-FACTS §6): v0.19+ reads `/etc/drakrun/config.toml`
 * (drakrun/lib/paths.py `CONFIG_PATH = ETC_DIR / "config.toml"`); v0.18 read `config.ini` from
 * `/etc/drakrun` and `/etc/drakcore`. Elsewhere (a repository's copy), the sections drakrun
 * itself writes say so: `[drakrun]` in the TOML, `[redis]` with `[minio]` in the INI.
 */
function drakrunKind(posix: string, base: string, text: string): Detection | null {
  const parent = path.posix.basename(path.posix.dirname(posix));
  const head = text.slice(0, 64 * 1024);
  if (base === 'config.toml') {
    if (parent === 'drakrun')
      return { kind: 'drakrun-config', reason: 'DRAKVUF Sandbox config path (drakrun/config.toml)' };
    if (/^[ \t]*\[[ \t]*drakrun[ \t]*\]/m.test(head))
      return { kind: 'drakrun-config', reason: 'config.toml with a [drakrun] table' };
  }
  if (base === 'config.ini') {
    if (parent === 'drakrun' || parent === 'drakcore')
      return { kind: 'drakrun-ini', reason: `DRAKVUF Sandbox v0.18 config path (${parent}/config.ini)` };
    if (/^[ \t]*\[redis\]/m.test(head) && /^[ \t]*\[minio\]/m.test(head))
      return { kind: 'drakrun-ini', reason: 'config.ini with [redis] and [minio] sections' };
  }
  return null;
}

function helmValues(fsPath: string, base: string, opts: DetectOptions): Detection | null {
  // The names the Run:ai docs give the control-plane values (`helm get values runai-backend … >
  // runai_control_plane_values.yaml`; air-gapped `runai-backend-values.yaml`): Helm values without a chart beside them.
  if (RUNAI_CONTROL_PLANE_VALUES.test(base))
    return { kind: 'helm-values', reason: 'Run:ai control-plane values file name' };

  if (VALUES_NAME.test(base) && opts.exists) {
    const dir = path.dirname(fsPath);
    if (opts.exists(path.join(dir, 'Chart.yaml')) || opts.exists(path.join(dir, 'Chart.yml'))) {
      return { kind: 'helm-values', reason: 'values file beside Chart.yaml' };
    }
  }
  return null;
}

function composeOrSwarm(fsPath: string, opts: DetectOptions, why: string): Detection {
  if (opts.workspace && isStackFile(opts.workspace, fsPath)) {
    return { kind: 'swarm', reason: `${why}; deployed with docker stack deploy` };
  }
  return { kind: 'compose', reason: why };
}
