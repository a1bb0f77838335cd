/**
 * Polis (compdemocracy/polis) in a Compose file: which services are its API server and its math
 * worker, and the conversation size the math worker is sized for.
 */
import * as path from 'node:path';
import { filePathOf } from '../detect';
import type { ComposeFileFacts, ParsedFile, ScalewiseConfig, WorkspaceFacts } from '../types';
import { get, stringValue } from '../yaml-ast';
import { composeServices, type ComposeService } from './compose';
import { memoized } from './memo';

export const POLIS_SERVER_IMAGE = /(^|\/)compdem\/polis-server(:|@|$)/;
export const POLIS_MATH_IMAGE = /(^|\/)compdem\/polis-math(:|@|$)/;

export function imageOf(svc: ComposeService): string | undefined {
  return stringValue(get(svc.map, 'image', svc.doc), svc.doc);
}

/** The Compose files in the same folder as this one that the workspace knows (a base file and its overlays). */
export function siblingComposeFiles(file: ParsedFile, ws: WorkspaceFacts): ComposeFileFacts[] {
  const me = path.resolve(filePathOf(file.uri));
  const dir = path.dirname(me);
  return (ws.composeFiles ?? []).filter((f) => f.path !== me && path.dirname(f.path) === dir);
}

/** A Polis file: it runs the Polis server image, or a Compose file beside it does (a dev overlay names no images). */
export function isPolisProject(file: ParsedFile, ws: WorkspaceFacts): boolean {
  if (composeServices(file).some((s) => POLIS_SERVER_IMAGE.test(imageOf(s) ?? ''))) return true;
  return siblingComposeFiles(file, ws).some((f) => Object.values(f.images).some((i) => POLIS_SERVER_IMAGE.test(i)));
}

/** The math worker: the `compdem/polis-math` image, or a service named `math` in a file that runs the Polis server. */
export function polisMathServices(file: ParsedFile): ComposeService[] {
  return memoized(file, 'polisMath', readMathServices);
}

function readMathServices(file: ParsedFile): ComposeService[] {
  const services = composeServices(file);
  const polis = services.some((s) => POLIS_SERVER_IMAGE.test(imageOf(s) ?? ''));
  return services.filter(
    (s) =>
      POLIS_MATH_IMAGE.test(imageOf(s) ?? '') ||
      (polis && s.name === 'math' && !imageOf(s)?.match(/compdem\/polis-(?!math)/)),
  );
}

/** Participants and comments of the largest conversation: `polis:` in `.scalewise.yaml`, else `sizing.polis.*`. */
export function conversationSize(config: ScalewiseConfig): { participants: number; comments: number } | undefined {
  const participants = config.polis?.participants ?? config.sizing['polis.participants'];
  const comments = config.polis?.comments ?? config.sizing['polis.comments'];
  return participants !== undefined && comments !== undefined ? { participants, comments } : undefined;
}

/**
 * Bytes per vote-matrix cell (participant × comment) of the estimate. Calibrated on docs/scaling.md:
 * "tens of thousands of participants and thousands of comments" need "dozens of GB"; 30,000 ×
 * 3,000 cells × 256 B ≈ 21.5 GiB. A dense matrix of doubles would be 8 B per cell; the rest is the
 * JVM's boxed and persistent structures and the working copies of the analysis [inference].
 */
export const BYTES_PER_CELL = 256;
/** The JVM and the worker's own code, before any conversation is loaded [inference]. */
export const BASE_BYTES = 1024 ** 3;

export function mathMemoryEstimate(participants: number, comments: number): number {
  return BASE_BYTES + participants * comments * BYTES_PER_CELL;
}
