import { DAY_MS } from './tag-values';

/**
 * What a Keep button offers, and what each choice writes. Pure and shared by the warning renderer
 * (which puts the choice in the button) and the keep endpoint (which acts on it).
 */

export const KEEP_CHOICES = ['7d', '30d', 'forever'] as const;
export type KeepChoice = (typeof KEEP_CHOICES)[number];

export const KEEP_LABELS: Readonly<Record<KeepChoice, string>> = {
  '7d': 'Keep 7 days',
  '30d': 'Keep 30 days',
  forever: 'Keep forever',
};

const KEEP_DAYS: Readonly<Record<Exclude<KeepChoice, 'forever'>, number>> = { '7d': 7, '30d': 30 };

/** Tag written next to `janitor:exempt`: the Slack user ID of whoever clicked. */
export const KEPT_BY_TAG = 'janitor:kept-by';

/** Slack's limit for a button's value. */
export const MAX_BUTTON_VALUE_CHARS = 2_000;

/**
 * The button's value: which resource and which choice. Only a hint for the endpoint: the ARN is
 * acted on only when the janitor's own record of the clicked message lists it.
 */
export function keepButtonValue(arn: string, choice: KeepChoice): string {
  return JSON.stringify({ arn, keep: choice });
}

export function parseKeepButtonValue(value: string): { arn: string; choice: KeepChoice } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const { arn, keep } = parsed as Record<string, unknown>;
  if (typeof arn !== 'string' || !arn.startsWith('arn:') || arn.length > MAX_BUTTON_VALUE_CHARS) return undefined;
  if (typeof keep !== 'string' || !(KEEP_CHOICES as readonly string[]).includes(keep)) return undefined;
  return { arn, choice: keep as KeepChoice };
}

/** `YYYY-MM-DD` in UTC: the format `parseExemption` (decide.ts) accepts. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export interface Exemption {
  /** The `janitor:exempt` value: `true`, or the last exempt day `YYYY-MM-DD`. */
  readonly tagValue: string;
  /** Midnight UTC of the last exempt day, or `forever`. */
  readonly until: Date | 'forever';
}

/** "Keep 7 days" clicked today exempts through the day a week from today (UTC), inclusive. */
export function exemptionFor(choice: KeepChoice, now: Date): Exemption {
  if (choice === 'forever') return { tagValue: 'true', until: 'forever' };
  const lastDay = utcDay(new Date(now.getTime() + KEEP_DAYS[choice] * DAY_MS));
  return { tagValue: lastDay, until: new Date(`${lastDay}T00:00:00Z`) };
}

/** "until 2026-11-28" or "for good". */
export function describeUntil(until: Date | 'forever' | undefined): string {
  if (until === 'forever') return 'for good';
  if (until === undefined) return 'until an unrecorded date';
  return `until ${utcDay(until)}`;
}
