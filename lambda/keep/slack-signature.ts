import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack request signing, v0: `X-Slack-Signature` is `v0=` + hex HMAC-SHA256 of
 * `v0:{X-Slack-Request-Timestamp}:{raw body}` keyed with the app's signing secret. Pure.
 */

/** Slack's own recommendation: reject requests more than five minutes away from now. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp`, Unix seconds. */
  readonly timestamp: string | undefined;
  /** `X-Slack-Signature`. */
  readonly signature: string | undefined;
  /** The body exactly as received, before any parsing. */
  readonly rawBody: string;
}

const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^v0=[0-9a-f]{64}$/;

export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`, 'utf8').digest('hex')}`;
}

export function verifySlackSignature(request: SignedRequest, signingSecret: string, now: Date): SignatureCheck {
  const { timestamp, signature, rawBody } = request;
  if (!signingSecret) return { ok: false, reason: 'no signing secret configured' };
  if (timestamp === undefined || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Slack-Request-Timestamp' };
  if (signature === undefined || !SIGNATURE.test(signature)) return { ok: false, reason: 'missing or malformed X-Slack-Signature' };
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS)
    return { ok: false, reason: `timestamp is ${Math.round(skew)} s away from now (more than ${MAX_CLOCK_SKEW_SECONDS} s)` };
  const expected = Buffer.from(slackSignature(signingSecret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // Equal lengths are guaranteed by the format check; timingSafeEqual would throw otherwise.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}
