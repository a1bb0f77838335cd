/** The rule table as the client lists it (RuleListRequest): the client cannot import the engine. */
import { RULES } from '../engine';
import type { RuleSummary } from '../protocol';

export function ruleList(): RuleSummary[] {
  return RULES.map(({ meta }) => ({
    id: meta.id,
    summary: meta.docs.summary,
    kinds: [...meta.kinds],
    defaultSeverity: meta.defaultSeverity,
    defaultOff: meta.defaultOff === true,
    fixable: meta.fixable ?? null,
    docsUrl: meta.docsUrl,
  }));
}
