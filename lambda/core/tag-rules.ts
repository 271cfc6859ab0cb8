import type { Tags } from './model';
import { globToRegExp } from './tag-values';

/**
 * Tag rules as people write them. Terraform users write `ManagedBy = "Terraform"`, consoles pad
 * values with spaces, and an owner's exemption arrives as `Janitor:Exempt`. Unless the
 * configuration asks for strict matching, keys and values are compared trimmed and case-folded,
 * and allowed values may be globs (`terraform*`).
 */

export interface RequiredTagRule {
  readonly key: string;
  /** Allowed values (globs); absent: any value counts. */
  readonly values?: readonly string[];
}

/** A required-tag rule compiled once per run. */
export interface CompiledTagRule {
  readonly key: string;
  readonly values?: readonly string[];
  readonly valuePatterns?: readonly RegExp[];
  readonly caseSensitive: boolean;
}

export interface FoundTag {
  readonly key: string;
  readonly value: string;
}

/** How a key or value is compared: as written when case-sensitive, else trimmed and lower-cased. */
export function foldTagText(text: string, caseSensitive: boolean): string {
  return caseSensitive ? text : text.trim().toLowerCase();
}

export function compileTagRule(rule: RequiredTagRule, caseSensitive: boolean): CompiledTagRule {
  const flags = caseSensitive ? '' : 'i';
  const valuePatterns = rule.values?.map((v) => new RegExp(globToRegExp(foldTagText(v, caseSensitive)).source, flags));
  return { key: rule.key, values: rule.values, valuePatterns, caseSensitive };
}

/** The resource's tag for the rule's key (first in key order when several fold to the same key). */
export function findTag(tags: Tags, key: string, caseSensitive: boolean): FoundTag | undefined {
  if (caseSensitive) {
    const value = tags[key];
    return value === undefined ? undefined : { key, value };
  }
  const wanted = foldTagText(key, false);
  const match = Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .find(([k]) => foldTagText(k, false) === wanted);
  return match === undefined ? undefined : { key: match[0], value: match[1] };
}

export function valueAllowed(rule: CompiledTagRule, value: string): boolean {
  if (!rule.valuePatterns) return true;
  const folded = foldTagText(value, rule.caseSensitive);
  return rule.valuePatterns.some((p) => p.test(folded));
}

export type RuleCheck = { readonly satisfied: true; readonly found: FoundTag } | { readonly satisfied: false; readonly found?: FoundTag };

export function checkRule(tags: Tags, rule: CompiledTagRule): RuleCheck {
  const found = findTag(tags, rule.key, rule.caseSensitive);
  if (found && valueAllowed(rule, found.value)) return { satisfied: true, found };
  return { satisfied: false, found };
}

/** e.g. "ManagedBy=terraform|cdk" or "Team". */
export function describeRule(rule: RequiredTagRule): string {
  return rule.values ? `${rule.key}=${rule.values.join('|')}` : rule.key;
}

/**
 * Why a rule is not satisfied, saying what was found: "has ManagedBy=Manual, which is not an
 * allowed value (terraform|cdk)" reads better than "missing ManagedBy" on a resource that has it.
 */
export function explainUnsatisfied(rule: CompiledTagRule, found: FoundTag | undefined): string {
  if (!found) return `no ${rule.key} tag`;
  const values = rule.values?.join('|') ?? '';
  const spelled = found.key === rule.key ? '' : ` (key spelt "${found.key}")`;
  return `has ${found.key}=${quoteIfPadded(found.value)}${spelled}, which is not an allowed value (${values}${rule.caseSensitive ? ', matched case-sensitively' : ''})`;
}

function quoteIfPadded(value: string): string {
  return value === '' || value !== value.trim() ? JSON.stringify(value) : value;
}

/** Keys compared loosely: case, surrounding spaces, and `-`, `_`, `.`, `/`, space or `:` as separators. */
export function looseKey(key: string): string {
  return key
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.:/]+/g, ':');
}

/** A key that was meant to be `canonical` but is spelt otherwise (`Janitor:Exempt`, `janitor-exempt`). */
export function nearMissKey(tags: Tags, canonical: string): string | undefined {
  if (tags[canonical] !== undefined) return undefined;
  const wanted = looseKey(canonical);
  return Object.keys(tags)
    .sort()
    .find((k) => looseKey(k) === wanted);
}
