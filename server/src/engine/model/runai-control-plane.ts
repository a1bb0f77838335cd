/**
 * The values of the Run:ai control-plane chart (`runai-backend/control-plane`, release
 * `runai-backend` in namespace `runai-backend`). The chart's source is not public, so the values are
 * recognised by what the docs name (https://docs.run.ai/latest/admin/runai-setup/config/large-clusters/, https://docs.run.ai/latest/admin/config/ha):
 *
 * - the value of a top-level `control-plane:` or `runai-backend:` key (an umbrella chart that
 *   depends on the control-plane chart: sub-chart values live under the dependency's name);
 * - the document root, when the file says `# scalewise: chart=runai-control-plane` in its head,
 *   or is named as the Run:ai docs name it (`runai_control_plane_values.yaml`, `runai-backend-values.yaml`);
 * - the document root, when it holds `backend` and `frontend` and one of `thanos` or `keycloakx`
 *   (`backend`, `frontend` and `grafana` alone are common in unrelated umbrella charts).
 */
import * as path from 'node:path';
import { type Document, type YAMLMap } from 'yaml';
import { filePathOf, RUNAI_CONTROL_PLANE_VALUES } from '../detect';
import type { ParsedFile, Range } from '../types';
import { asMap, get, getPair, isMap, keyRange, nodeRange, ownPairs } from '../yaml-ast';
import { memoized } from './memo';

export const CONTROL_PLANE_KEYS = ['control-plane', 'runai-backend'] as const;
const CHART_MODELINE =
  /^[ \t]*#[ \t]*scalewise:[ \t]*chart[ \t]*=[ \t]*(?:runai-backend\/control-plane|runai-control-plane)\b/m;

export interface ControlPlaneValues {
  doc: Document;
  map: YAMLMap;
  /** `['control-plane']`, or empty for the root. */
  path: string[];
  /** Where findings about the whole block go: the `control-plane:` key, or the root's first key. */
  anchor: Range;
  how: 'sub-chart key' | 'modeline' | 'file name' | 'keys';
}

export function hasChartModeline(text: string): boolean {
  return CHART_MODELINE.test(text.slice(0, 2048));
}

export function controlPlaneValues(file: ParsedFile): ControlPlaneValues[] {
  return memoized(file, 'controlPlane', readControlPlaneValues);
}

function readControlPlaneValues(file: ParsedFile): ControlPlaneValues[] {
  const out: ControlPlaneValues[] = [];
  const modeline = hasChartModeline(file.text);
  const byName = RUNAI_CONTROL_PLANE_VALUES.test(path.posix.basename(filePathOf(file.uri).replace(/\\/g, '/')));
  for (const d of file.documents) {
    const root = asMap(d.root, d.doc);
    if (!root) continue;
    let found = false;
    for (const key of CONTROL_PLANE_KEYS) {
      const pair = getPair(root, key);
      const map = pair ? asMap(pair.value, d.doc) : null;
      if (pair && map) {
        out.push({ doc: d.doc, map, path: [key], anchor: keyRange(pair), how: 'sub-chart key' });
        found = true;
      }
    }
    if (found) continue;
    const has = (k: string) => isMap(get(root, k, d.doc));
    if (modeline || byName || (has('backend') && has('frontend') && (has('thanos') || has('keycloakx')))) {
      const first = ownPairs(root)[0];
      out.push({
        doc: d.doc,
        map: root,
        path: [],
        anchor: first ? keyRange(first) : nodeRange(root),
        how: modeline ? 'modeline' : byName ? 'file name' : 'keys',
      });
    }
  }
  return out;
}
