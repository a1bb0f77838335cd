/**
 * Models computed once per parsed file and shared: by every rule (through `ctx.models`), the
 * sizing lens and the hover. A ParsedFile is never changed after parsing (an edit parses a new
 * one), so the file is the key; a model that also reads the workspace is computed again only for
 * another WorkspaceFacts object.
 */
import type { ParsedFile } from '../types';

interface Entry {
  ws: object | undefined;
  value: unknown;
}

const models = new WeakMap<ParsedFile, Map<string, Entry>>();
const computed = new WeakMap<ParsedFile, Map<string, number>>();

/**
 * What a recording view of a file (engine/scope.ts) answers to this symbol: the file itself, and
 * what to call when a model reader is handed the view rather than reached through `ctx.models`.
 */
export const RECORDED_FILE: unique symbol = Symbol('scalewise.recordedFile');
export interface RecordedFile {
  file: ParsedFile;
  /** A reader of the whole file was handed `ctx.file` (e.g. a helper): the rule read the whole file. */
  wholeFile(model: string): void;
}

export function rawFile(file: ParsedFile): ParsedFile {
  const recorded = (file as { [RECORDED_FILE]?: RecordedFile })[RECORDED_FILE];
  if (!recorded) return file;
  return recorded.file;
}

/** `compute(file)` for this file (and workspace), the first time it is asked for; after that, the same value. */
export function memoized<T>(file: ParsedFile, key: string, compute: (file: ParsedFile) => T, ws?: object): T {
  const recorded = (file as { [RECORDED_FILE]?: RecordedFile })[RECORDED_FILE];
  if (recorded) {
    recorded.wholeFile(key);
    file = recorded.file;
  }
  let byKey = models.get(file);
  if (!byKey) models.set(file, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit && hit.ws === ws) return hit.value as T;
  const value = compute(file);
  byKey.set(key, { ws, value });
  let counts = computed.get(file);
  if (!counts) computed.set(file, (counts = new Map()));
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return value;
}

/** How many times each model of this file was computed (a test pins it at once per lint). */
export function modelComputations(file: ParsedFile): Record<string, number> {
  return Object.fromEntries(computed.get(file) ?? []);
}
