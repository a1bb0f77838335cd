/**
 * SARIF 2.1.0 for GitHub code scanning: one run, the rule catalogue as the driver's rules
 * (with help URIs), and a physical location with a full region for every result.
 */
import * as path from 'node:path';
import { RULES } from '../engine/rules';
import type { Finding, Severity } from '../engine/types';
import { HOST_PLATFORM, pathToFileUri, type PathPlatform } from '../engine/uri';
import type { FileReport } from './types';
import { region } from './types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

export function formatSarif(reports: FileReport[], version: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Scalewise',
            version,
            semanticVersion: version,
            informationUri: 'https://github.com/scalewise/scalewise',
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: r.meta.id.replace(/[/-](\w)/g, (_m, c: string) => c.toUpperCase()),
              shortDescription: { text: r.meta.docs.summary },
              fullDescription: { text: r.meta.docs.why },
              helpUri: r.meta.docsUrl,
              help: {
                text: `${r.meta.docs.summary} See ${r.meta.docsUrl}`,
                markdown: `${r.meta.docs.summary}\n\n[Rule documentation](${r.meta.docsUrl})`,
              },
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity], enabled: !r.meta.defaultOff },
              properties: { tags: ['scaling', ...r.meta.kinds] },
            })),
          },
        },
        // The analysis' category for GitHub code scanning ("scalewise/", no instance id): uploads of
        // other tools or other Scalewise jobs with another category do not replace its alerts.
        // https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html#_Toc34317667
        automationDetails: { id: 'scalewise/' },
        // What the run could not do (a file not linted, a fix refused or not written), per file.
        invocations: [
          {
            executionSuccessful: !reports.some((r) => r.notes.some((n) => n.level === 'error')),
            toolExecutionNotifications: reports.flatMap((r) => [
              ...(r.skipped !== undefined
                ? [
                    {
                      level: 'note',
                      message: { text: `not linted: ${r.skipped}` },
                      locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.path) } }],
                    },
                  ]
                : []),
              ...r.notes.map((n) => ({
                level: n.level,
                message: { text: n.message },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: artifactLocation(r.path),
                      ...(n.offset !== undefined
                        ? { region: region(r.index, { range: { start: n.offset, end: n.offset } }) }
                        : {}),
                    },
                  },
                ],
              })),
            ]),
          },
        ],
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRootUri() } },
        results: reports.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(r.path),
                  region: region(r.index, f),
                },
              },
            ],
            ...(f.related && f.related.length > 0
              ? {
                  relatedLocations: f.related.map((rel, i) => ({
                    id: i + 1,
                    physicalLocation: { artifactLocation: artifactLocation(r.path), region: region(r.index, rel) },
                    message: { text: rel.message },
                  })),
                }
              : {}),
            ...sarifFixes(r, f),
            partialFingerprints: {
              'scalewise/v1': `${f.ruleId}:${r.path}:${f.messageId}:${JSON.stringify(f.data ?? {})}`,
            },
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * The finding's safe fix (the one `--fix` would apply, report.safeFixes) as a SARIF fix: its edits
 * as replacements of regions of the file as it was linted, each against that text (SARIF 3.57, 3.58),
 * in order and not overlapping. Regions in lines and UTF-16 columns, as the results' (columnKind);
 * an insertion is an empty region. Code scanning ignores fixes today; other SARIF viewers apply them.
 */
function sarifFixes(r: FileReport, f: Finding) {
  const fix = r.safeFixes?.get(f);
  if (!fix) return {};
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return {
    fixes: [
      {
        description: { text: fix.title },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(r.path),
            replacements: edits.map((e) => ({
              deletedRegion: region(r.index, { range: e }),
              insertedContent: { text: e.text },
            })),
          },
        ],
      },
    ],
  };
}

/** The working directory's URI, ending in `/` as SARIF asks of a base. */
export function srcRootUri(cwd: string = process.cwd(), platform: PathPlatform = HOST_PLATFORM): string {
  const uri = pathToFileUri(cwd, platform);
  return uri.endsWith('/') ? uri : uri + '/';
}

/**
 * Files under the working directory are relative to %SRCROOT% (what code scanning expects);
 * a file outside it gets an absolute file: URI rather than a `../` path no viewer resolves.
 * Both are cut from engine/uri.ts's URI, so %SRCROOT% + the relative one is the URI the language
 * server publishes the file's diagnostics under (drive letter and percent-encoding alike).
 */
export function artifactLocation(
  p: string,
  cwd: string = process.cwd(),
  platform: PathPlatform = HOST_PLATFORM,
): { uri: string; uriBaseId?: string } {
  const paths = path[platform];
  const abs = paths.resolve(cwd, p);
  const uri = pathToFileUri(abs, platform);
  const rel = paths.relative(cwd, abs);
  const base = srcRootUri(cwd, platform);
  // A Windows path under cwd in another letter case is inside for path.relative, not for the URI
  // prefix: it keeps its absolute URI, which still names the file.
  if (rel === '' || rel.startsWith('..') || paths.isAbsolute(rel) || !uri.startsWith(base)) return { uri };
  return { uri: uri.slice(base.length), uriBaseId: '%SRCROOT%' };
}
