import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { KEEP_CHOICES, type KeepChoice } from '../core/keep-choice';

/**
 * The work item the endpoint hands to the asynchronous worker: the verified click's fields, when
 * they were verified, and an HMAC-SHA256 over both with a key derived from the Slack signing
 * secret. Anyone allowed lambda:InvokeFunction can send the worker an event, but only the holder
 * of the signing secret can make one it accepts. Pure.
 */

export const KEEP_WORK_KIND = 'janitor-keep-work';
export const KEEP_WORK_VERSION = 1;
/** Older items are refused: a leaked, never-consumed item stops working after this. */
export const WORK_ITEM_MAX_AGE_SECONDS = 300;
/** Tolerated clock difference between the acknowledging and the working execution environment. */
export const WORK_ITEM_MAX_FUTURE_SECONDS = 60;

/** What the endpoint verified: who clicked which Keep button on which message. */
export interface VerifiedClick {
  /** The click's identity (its Slack request signature): the worker claims it exactly once. */
  readonly clickId: string;
  readonly userId: string;
  readonly channel: string;
  readonly messageTs: string;
  readonly arn: string;
  readonly choice: KeepChoice;
}

export interface KeepWork extends VerifiedClick {
  readonly kind: typeof KEEP_WORK_KIND;
  readonly v: typeof KEEP_WORK_VERSION;
  /** ISO time the endpoint verified the click. */
  readonly issuedAt: string;
  /** Hex HMAC-SHA256 over every other field (`workMac`). */
  readonly mac: string;
}

/** Routing only: whether the event claims to be work. `verifyWork` decides whether it is. */
export function isKeepWork(event: unknown): event is { kind: typeof KEEP_WORK_KIND } {
  return !!event && typeof event === 'object' && (event as { kind?: unknown }).kind === KEEP_WORK_KIND;
}

// Strict: a field the MAC does not cover (say, message text) makes the item invalid, not ignored.
const workSchema = z
  .object({
    kind: z.literal(KEEP_WORK_KIND),
    v: z.literal(KEEP_WORK_VERSION),
    clickId: z.string().regex(/^v0=[0-9a-f]{64}$/),
    userId: z.string().regex(/^[UW][A-Z0-9]+$/),
    channel: z.string().min(1).max(64),
    messageTs: z.string().regex(/^\d{1,12}\.\d{1,9}$/),
    arn: z.string().startsWith('arn:').max(2_000),
    choice: z.enum(KEEP_CHOICES),
    issuedAt: z.iso.datetime(),
    mac: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

/** A key of its own, so a work-item MAC can never pass as a Slack request signature, nor the reverse. */
function workKey(signingSecret: string): Buffer {
  return createHmac('sha256', signingSecret).update(`${KEEP_WORK_KIND}/v${KEEP_WORK_VERSION}`, 'utf8').digest();
}

/** A JSON array in fixed order: no field can bleed into the next, unlike a joined string. */
function workMac(signingSecret: string, fields: VerifiedClick & { issuedAt: string }): string {
  const canonical = JSON.stringify([
    KEEP_WORK_KIND,
    KEEP_WORK_VERSION,
    fields.clickId,
    fields.userId,
    fields.channel,
    fields.messageTs,
    fields.arn,
    fields.choice,
    fields.issuedAt,
  ]);
  return createHmac('sha256', workKey(signingSecret)).update(canonical, 'utf8').digest('hex');
}

export function signWork(signingSecret: string, click: VerifiedClick, now: Date): KeepWork {
  const fields = {
    clickId: click.clickId,
    userId: click.userId,
    channel: click.channel,
    messageTs: click.messageTs,
    arn: click.arn,
    choice: click.choice,
    issuedAt: now.toISOString(),
  };
  return { kind: KEEP_WORK_KIND, v: KEEP_WORK_VERSION, ...fields, mac: workMac(signingSecret, fields) };
}

export type WorkCheck = { readonly ok: true; readonly work: KeepWork } | { readonly ok: false; readonly reason: string };

/** Shape, then authenticity, then freshness; nothing of the event is trusted before all three hold. */
export function verifyWork(event: unknown, signingSecret: string, now: Date): WorkCheck {
  if (!signingSecret) return { ok: false, reason: 'no signing secret configured' };
  const parsed = workSchema.safeParse(event);
  if (!parsed.success)
    return { ok: false, reason: `not a well-formed work item (${parsed.error.issues.map((i) => i.path.join('.') || 'item').join(', ')})` };
  const work = parsed.data as KeepWork;
  const expected = Buffer.from(workMac(signingSecret, work), 'hex');
  if (!timingSafeEqual(Buffer.from(work.mac, 'hex'), expected)) return { ok: false, reason: 'work item MAC does not match' };
  const ageSeconds = (now.getTime() - Date.parse(work.issuedAt)) / 1000;
  if (ageSeconds > WORK_ITEM_MAX_AGE_SECONDS)
    return { ok: false, reason: `work item is ${Math.round(ageSeconds)} s old (more than ${WORK_ITEM_MAX_AGE_SECONDS} s)` };
  if (ageSeconds < -WORK_ITEM_MAX_FUTURE_SECONDS)
    return { ok: false, reason: `work item is issued ${Math.round(-ageSeconds)} s in the future` };
  return { ok: true, work };
}
