import type { Rule, RuleContext, RuleMeta } from './types';

/** Where rule pages are published; the repository's docs/rules folder. */
export const DOCS_BASE = 'https://github.com/scalewise/scalewise/blob/main/docs/rules/';

/** `compose/container-name-blocks-scale` -> `compose-container-name-blocks-scale` (file and page name). */
export function ruleFileName(id: string): string {
  return id.replace(/\//g, '-');
}

export function docsUrl(id: string): string {
  return `${DOCS_BASE}${ruleFileName(id)}.md`;
}

/**
 * Creates a rule. Metadata is frozen data; the docs URL is derived from the id so that no rule
 * writes one by hand, and `report` only accepts the rule's own message ids.
 */
export function defineRule<M extends string>(meta: RuleMeta<M>, check: (ctx: RuleContext<M>) => void): Rule<M> {
  if (!/^[a-z0-9]+\/[a-z0-9]+(-[a-z0-9]+)*$/.test(meta.id)) {
    throw new Error(`rule id ${meta.id} is not family/kebab-case`);
  }
  return Object.freeze({ meta: Object.freeze({ ...meta, docsUrl: docsUrl(meta.id) }), check });
}
