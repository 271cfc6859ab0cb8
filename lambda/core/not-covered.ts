/**
 * The weekly "what we don't cover" note: resources Resource Explorer finds never tagged, of types
 * the janitor has no plug-in for. A count for people to act on by hand; never a candidate.
 */

/** One resource Resource Explorer returned. */
export interface FoundResource {
  readonly type: string;
  readonly arn: string;
  /** The account that owns it; an organization-wide view also returns other accounts' resources. */
  readonly accountId?: string;
}

export interface NotCoveredCount {
  /** Resources counted, of types not covered. */
  readonly total: number;
  /** False when Resource Explorer stopped at its first 1,000 matches: the total is a lower bound. */
  readonly complete: boolean;
  /** Most first, then by name. */
  readonly byType: readonly { readonly type: string; readonly count: number }[];
}

/**
 * IAM's tags are not indexed by Resource Explorer, so every role and user would look never tagged
 * (https://docs.aws.amazon.com/resource-explorer/latest/userguide/using-search-query-syntax.html).
 */
const TAGS_NOT_INDEXED = new Set(['iam']);

/**
 * Whether a plug-in covers this Resource Explorer type. Types are `service:resource`, as in the
 * tagging API; a subtype (`elasticloadbalancing:loadbalancer/app`) is covered with its base type.
 */
function isCovered(type: string, covered: ReadonlySet<string>): boolean {
  const lower = type.toLowerCase();
  const slash = lower.indexOf('/');
  return covered.has(lower) || (slash > 0 && covered.has(lower.slice(0, slash)));
}

/** The never-tagged resources of `accountId` whose type no plug-in covers, counted by type. */
export function countNotCovered(
  found: readonly FoundResource[],
  options: { readonly accountId: string; readonly covered: ReadonlySet<string>; readonly complete: boolean },
): NotCoveredCount {
  const covered = new Set([...options.covered].map((t) => t.toLowerCase()));
  const counts = new Map<string, Set<string>>();
  for (const r of found) {
    if (r.accountId !== undefined && r.accountId !== options.accountId) continue;
    const service = r.type.slice(0, Math.max(r.type.indexOf(':'), 0)).toLowerCase();
    if (TAGS_NOT_INDEXED.has(service) || isCovered(r.type, covered)) continue;
    const arns = counts.get(r.type) ?? new Set<string>();
    arns.add(r.arn);
    counts.set(r.type, arns);
  }
  const byType = [...counts].map(([type, arns]) => ({ type, count: arns.size }));
  byType.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { total: byType.reduce((sum, t) => sum + t.count, 0), complete: options.complete, byType };
}
