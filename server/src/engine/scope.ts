/**
 * What a rule read, recorded while it runs (`lint(text, { recordReads: true })`), so the tests can
 * hold every rule to its declared `meta.scope` and an incremental engine can trust it.
 *
 * The rule is handed views of `ctx.file`, `ctx.workspace` and `ctx.models` that note each read;
 * its scope is the smallest of `service < document < file < workspace` that explains them:
 *
 * - `workspace`: it read a property of `ctx.workspace`, or a model built from it (k3s settings of
 *   the whole config group, Polarway workers with their scripted replicas).
 * - `file`: it read a model of the whole text (an install script), `ctx.file.tooDeep`, handed
 *   `ctx.file` to a model reader instead of asking `ctx.models`, came back to a document after
 *   reading another one, or reported outside the document it read last.
 * - `document`: it read a document of `ctx.file.documents` itself (not one service or workload of
 *   a model), came back to a service or workload after reading another one, or reported outside
 *   the service it read last (and the anchors it merges).
 * - `service`: it read one service (or workload, HPA, resource block) at a time and reported
 *   inside it.
 *
 * A read is a property read of a model item (its `doc`, which only names the document, is not),
 * an index of `ctx.file.documents`, or any property of `ctx.workspace`. `ctx.config`, `ctx.kind`,
 * `ctx.file.uri`, `isYaml`, `eol` and `ctx.file.text` are open to every scope: a change of the
 * config or the kind re-runs everything, and the text is where a rule cuts its edits from (what
 * it does with the text outside its nodes is not checked). Values reached through an item (a
 * YAML node) are not followed. Each read costs a compare; only the rule tester and the fuzz
 * test record.
 */
import { visit, type Document, type Node } from 'yaml';
import { RECORDED_FILE, type RecordedFile } from './model/memo';
import type { ObservedReads, ParsedFile, Range, RuleScope, WorkspaceFacts } from './types';
import { deref, sharedAnchorsAround } from './yaml-ast';
import { prose } from './template-text';

export const SCOPE_RANK: Record<RuleScope, number> = { service: 0, document: 1, file: 2, workspace: 3 };

/** Whether a rule that read `observed` stays inside the scope it declared. */
export function withinScope(observed: RuleScope, declared: RuleScope): boolean {
  return SCOPE_RANK[observed] <= SCOPE_RANK[declared];
}

/**
 * What each model item stands for: the document it is in and, for a service, its range and node.
 * A service includes the anchored nodes it merges or aliases (`<<: *base`): a finding there is
 * still about the service, and an edit there changes every service that reads the anchor.
 */
export interface Unit {
  doc: Document;
  range?: Range;
  node?: Node;
}

/** Whether `node` reaches `range` through its aliases (transitively, each anchor once). */
function reachesThroughAliases(node: Node, doc: Document, range: Range): boolean {
  const anchors = new Set(sharedAnchorsAround(doc, range).map((a) => a.node));
  if (anchors.size === 0) return false;
  const seen = new Set<Node>();
  const queue: Node[] = [node];
  for (let n = queue.pop(); n; n = queue.pop()) {
    let found = false;
    visit(n, {
      Alias: (_, alias) => {
        const target = deref(alias, doc);
        if (!target || seen.has(target)) return;
        seen.add(target);
        if (anchors.has(target)) {
          found = true;
          return visit.BREAK;
        }
        queue.push(target);
      },
    });
    if (found) return true;
  }
  return false;
}

const inside = (r: Range, outer: Range): boolean => r.start >= outer.start && r.end <= outer.end;

const nameOf = (item: object): string => {
  const name = (item as { name?: unknown }).name;
  return typeof name === 'string' ? `"${name}"` : 'one';
};

function refuseChange(what: string): never {
  throw new TypeError(`a rule changed ${what}, which every rule shares; copy it first`);
}

export class ReadRecorder {
  private scope: RuleScope = 'service';
  private why = 'read one service at a time and reported inside it';
  private lastDoc: Document | undefined;
  private readonly docs = new Set<Document>();
  private lastUnit: object | undefined;
  private lastUnitRange: Range | undefined;
  private lastUnitNode: Node | undefined;
  private lastUnitName = '';
  private readonly units = new Set<object>();
  private docRanges: Map<Document, Range> | undefined;
  private readonly views = new Map<string, unknown>();

  constructor(private readonly file: ParsedFile) {}

  get observed(): ObservedReads {
    return { scope: this.scope, why: this.why };
  }

  raise(scope: RuleScope, why: string): void {
    if (SCOPE_RANK[scope] > SCOPE_RANK[this.scope]) {
      this.scope = scope;
      this.why = why;
    }
  }

  document(doc: Document, raw: number | undefined): void {
    if (doc !== this.lastDoc) {
      if (this.docs.has(doc)) this.raise('file', 'came back to a document after reading another one');
      this.docs.add(doc);
      this.lastDoc = doc;
      this.lastUnit = undefined;
      this.lastUnitRange = undefined;
      this.lastUnitNode = undefined;
    }
    if (raw !== undefined)
      this.raise('document', `read ctx.file.documents[${raw}] itself, not one service or workload of ctx.models`);
  }

  unit(item: object, u: Unit): void {
    if (item === this.lastUnit) return;
    this.document(u.doc, undefined);
    if (this.units.has(item))
      this.raise(
        'document',
        prose`
      came back to ${nameOf(item)} after reading ${this.lastUnitName}: it holds two services or workloads at
      once
    `,
      );
    this.units.add(item);
    this.lastUnit = item;
    this.lastUnitRange = u.range;
    this.lastUnitNode = u.node;
    this.lastUnitName = nameOf(item);
  }

  report(range: Range): void {
    const outside = this.lastUnitRange && !inside(range, this.lastUnitRange);
    if (
      outside &&
      !(this.lastUnitNode && this.lastDoc && reachesThroughAliases(this.lastUnitNode, this.lastDoc, range))
    )
      this.raise('document', `reported outside ${this.lastUnitName}, the service it read last`);
    if (!this.lastDoc) return;
    this.docRanges ??= new Map(this.file.documents.map((d) => [d.doc, d.range]));
    const docRange = this.docRanges.get(this.lastDoc);
    if (docRange && !inside(range, docRange)) this.raise('file', 'reported outside the document it read last');
  }

  /** `ctx.file` for the rule: `documents` indexed per document; model readers handed it record the whole file. */
  fileView(): ParsedFile {
    const file = this.file;
    const recorded: RecordedFile = {
      file,
      wholeFile: (model) =>
        this.raise('file', `handed ctx.file to a model reader (${model}) instead of reading ctx.models`),
    };
    let documents: ParsedFile['documents'] | undefined;
    const docsView = (): ParsedFile['documents'] =>
      (documents ??= new Proxy(file.documents, {
        get: (target, p, receiver) => {
          if (typeof p === 'string') {
            const c = p.charCodeAt(0);
            if (c >= 48 && c <= 57) {
              const d = target[Number(p)];
              if (d) this.document(d.doc, Number(p));
            }
          }
          return Reflect.get(target, p, receiver) as unknown;
        },
        set: () => refuseChange('ctx.file.documents'),
      }));
    return new Proxy(file, {
      get: (target, p, receiver) => {
        if (p === RECORDED_FILE) return recorded;
        if (p === 'documents') return docsView();
        if (p === 'tooDeep') this.raise('file', 'read ctx.file.tooDeep');
        return Reflect.get(target, p, receiver) as unknown;
      },
      set: () => refuseChange('ctx.file'),
    });
  }

  workspaceView(ws: WorkspaceFacts): WorkspaceFacts {
    return new Proxy(ws, {
      get: (target, p, receiver) => {
        if (typeof p === 'string') this.raise('workspace', `read ctx.workspace.${p}`);
        return Reflect.get(target, p, receiver) as unknown;
      },
      set: () => refuseChange('ctx.workspace'),
    });
  }

  /** A model's items, each noting the reads of its properties; one view per model and rule, so items stay `===`. */
  itemsView<T extends object>(name: string, items: readonly T[], unitOf: (item: T) => Unit): T[] {
    const hit = this.views.get(name);
    if (hit) return hit as T[];
    const view = Object.freeze(
      items.map((item) => {
        const u = unitOf(item);
        return new Proxy(item, {
          get: (target, p, receiver) => {
            if (p !== 'doc') this.unit(target, u);
            return Reflect.get(target, p, receiver) as unknown;
          },
          set: () => refuseChange(`ctx.models.${name}`),
          deleteProperty: () => refuseChange(`ctx.models.${name}`),
        });
      }),
    ) as T[];
    this.views.set(name, view);
    return view;
  }
}
