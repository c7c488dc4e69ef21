import { formatLabels } from '../../model/labels.js';
import type { RuleGroupDef } from '../../model/rule.js';
import type { FileContext } from './context.js';

/**
 * promtool's duplicate-rules lint: the same rule name with the same labels (group labels
 * merged under rule labels) twice in one file, across its groups. A warning, not an error.
 */
export function lintDuplicateRules(ctx: FileContext, groups: readonly RuleGroupDef[]): void {
  const first = new Map<string, { group: string; line: number }>();
  const reported = new Set<string>();
  for (const g of groups) {
    for (const r of g.rules) {
      const name = r.kind === 'recording' ? r.record : r.alert;
      const labels = formatLabels({ ...g.labels, ...r.labels });
      const key = `${name}${labels}`;
      const line = r.source.position?.line ?? 0;
      const prev = first.get(key);
      if (!prev) {
        first.set(key, { group: g.name, line });
        continue;
      }
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.warning(
        r.source.position,
        'rules.duplicate_rule',
        `duplicate rule ${JSON.stringify(name)} with labels ${labels} in group ${JSON.stringify(g.name)}, ` +
          `also defined at line ${prev.line} in group ${JSON.stringify(prev.group)}: might cause inconsistency while recording expressions`,
      );
    }
  }
}
