import type { Tags } from './model';
import { type CompiledTagRule, compileTagRule, findTag, foldTagText, type RequiredTagRule, valueAllowed } from './tag-rules';

/**
 * What the discovered resources actually carry under each required tag key, so a team can set
 * `compliance.requiredTags` from facts before it leaves dry run. Matching is tag-rules' own.
 */

export interface CensusValue {
  /** As written on the resources (values are not merged by case: the census shows the spellings). */
  readonly value: string;
  readonly count: number;
  /** Whether this value satisfies the key's rule as configured now. */
  readonly countsAsIaC: boolean;
}

export interface CensusSpelling {
  readonly key: string;
  readonly count: number;
  /** False for a spelling the rule does not see (case-sensitive matching). */
  readonly matchesRule: boolean;
}

export interface KeyCensus {
  /** The rule's key, as configured. */
  readonly key: string;
  /** The rule's allowed values; absent: any value counts. */
  readonly allowedValues?: readonly string[];
  /** Most frequent first. */
  readonly values: CensusValue[];
  /** Resources on which the rule finds no tag for the key. */
  readonly missing: number;
  /** Every key spelling that folds to the rule's key (case and padding aside), most frequent first. */
  readonly spellings: CensusSpelling[];
}

export interface TagCensus {
  readonly resources: number;
  readonly caseSensitive: boolean;
  readonly keys: KeyCensus[];
}

export interface CensusRules {
  readonly requiredTags: readonly RequiredTagRule[];
  readonly caseSensitive?: boolean;
}

/** Counts, sorted most frequent first and then by name, so output is stable. */
function sortedCounts(counts: ReadonlyMap<string, number>): [string, number][] {
  return [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
}

function bump(counts: Map<string, number>, key: string, by = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + by);
}

function keyCensus(allTags: readonly Tags[], rule: CompiledTagRule): KeyCensus {
  const values = new Map<string, number>();
  const spellings = new Map<string, number>();
  let missing = 0;
  // Spellings are gathered loosely even under case-sensitive rules: those are the near misses worth seeing.
  const loose = foldTagText(rule.key, false);
  for (const tags of allTags) {
    for (const key of Object.keys(tags)) if (foldTagText(key, false) === loose) bump(spellings, key);
    const found = findTag(tags, rule.key, rule.caseSensitive);
    if (found) bump(values, found.value);
    else missing += 1;
  }
  return {
    key: rule.key,
    ...(rule.values ? { allowedValues: rule.values } : {}),
    values: sortedCounts(values).map(([value, count]) => ({ value, count, countsAsIaC: valueAllowed(rule, value) })),
    missing,
    spellings: sortedCounts(spellings).map(([key, count]) => ({
      key,
      count,
      matchesRule: findTag({ [key]: '' }, rule.key, rule.caseSensitive) !== undefined,
    })),
  };
}

/** The census of one set of resources' tags under the configured rules. Pure. */
export function tagCensus(allTags: readonly Tags[], rules: CensusRules): TagCensus {
  const caseSensitive = rules.caseSensitive ?? false;
  const compiled = rules.requiredTags.map((rule) => compileTagRule(rule, caseSensitive));
  return { resources: allTags.length, caseSensitive, keys: compiled.map((rule) => keyCensus(allTags, rule)) };
}

function mergeKey(first: KeyCensus, parts: readonly KeyCensus[]): KeyCensus {
  const values = new Map<string, number>();
  const iac = new Map<string, boolean>();
  const spellings = new Map<string, number>();
  const matches = new Map<string, boolean>();
  for (const part of parts) {
    for (const v of part.values) {
      bump(values, v.value, v.count);
      iac.set(v.value, v.countsAsIaC);
    }
    for (const s of part.spellings) {
      bump(spellings, s.key, s.count);
      matches.set(s.key, s.matchesRule);
    }
  }
  return {
    key: first.key,
    ...(first.allowedValues ? { allowedValues: first.allowedValues } : {}),
    values: sortedCounts(values).map(([value, count]) => ({ value, count, countsAsIaC: iac.get(value) ?? false })),
    missing: parts.reduce((n, p) => n + p.missing, 0),
    spellings: sortedCounts(spellings).map(([key, count]) => ({ key, count, matchesRule: matches.get(key) ?? false })),
  };
}

/** Several regions' censuses (same rules) as one. */
export function combineCensuses(censuses: readonly TagCensus[]): TagCensus | undefined {
  const [first] = censuses;
  if (!first) return undefined;
  return {
    resources: censuses.reduce((n, c) => n + c.resources, 0),
    caseSensitive: first.caseSensitive,
    // Same rules, so every census has the same keys in the same order.
    keys: first.keys.map((key, i) =>
      mergeKey(
        key,
        censuses.flatMap((c) => c.keys[i] ?? []),
      ),
    ),
  };
}
