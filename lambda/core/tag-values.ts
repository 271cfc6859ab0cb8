/** Parsing of the janitor's own tag values. Strict on purpose: anything unexpected is "malformed", never "due". */

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Parses `2026-11-24T01:00:00Z`; undefined for anything else, including impossible dates. */
export function parseDeadline(value: string): Date | undefined {
  const m = ISO_UTC.exec(value.trim());
  if (!m) return undefined;
  const date = new Date(value.trim());
  if (Number.isNaN(date.getTime())) return undefined;
  // Rejects 2026-02-30T..., which Date would roll over into March.
  if (date.getUTCFullYear() !== Number(m[1]) || date.getUTCMonth() + 1 !== Number(m[2]) || date.getUTCDate() !== Number(m[3])) {
    return undefined;
  }
  return date;
}

export function formatDeadline(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export type ExemptionValue =
  | { readonly kind: 'permanent' }
  | { readonly kind: 'until'; readonly lastDay: string; readonly endsAt: Date }
  | { readonly kind: 'malformed'; readonly value: string };

/** `true` (any case) or a `YYYY-MM-DD` day, exempt through the end of that day in UTC. */
export function parseExemption(value: string): ExemptionValue {
  const trimmed = value.trim();
  if (trimmed.toLowerCase() === 'true') return { kind: 'permanent' };
  const m = DAY.exec(trimmed);
  if (m) {
    const start = new Date(`${trimmed}T00:00:00Z`);
    if (!Number.isNaN(start.getTime()) && start.getUTCDate() === Number(m[3]) && start.getUTCMonth() + 1 === Number(m[2])) {
      return { kind: 'until', lastDay: trimmed, endsAt: new Date(start.getTime() + DAY_MS) };
    }
  }
  return { kind: 'malformed', value };
}

/** `*` any run of characters, `?` exactly one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
