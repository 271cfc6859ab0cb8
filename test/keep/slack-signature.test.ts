import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../lambda/keep/slack-signature';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date('2026-11-20T10:00:00Z');
const TS = String(NOW.getTime() / 1000);
const BODY = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

describe('Slack request signature (v0)', () => {
  it('is v0= and the hex HMAC-SHA256 of "v0:{timestamp}:{body}" (Slack\'s documented example)', () => {
    // From Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(slackSignature(SECRET, '1531420618', body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(
      verifySlackSignature(
        { timestamp: '1531420618', signature: slackSignature(SECRET, '1531420618', body), rawBody: body },
        SECRET,
        new Date(1531420618_000),
      ),
    ).toEqual({ ok: true });
  });

  it('accepts a request signed with the secret within 5 minutes either way', () => {
    const signed = { timestamp: TS, signature: slackSignature(SECRET, TS, BODY), rawBody: BODY };
    expect(verifySlackSignature(signed, SECRET, NOW)).toEqual({ ok: true });
    expect(verifySlackSignature(signed, SECRET, new Date(NOW.getTime() + 300_000))).toEqual({ ok: true });
    expect(verifySlackSignature(signed, SECRET, new Date(NOW.getTime() - 300_000))).toEqual({ ok: true });
  });

  it.each([
    ['another secret', { signature: slackSignature('another-secret', TS, BODY) }],
    ['a changed body', { rawBody: `${BODY}&x=1` }],
    ['a changed timestamp', { timestamp: String(Number(TS) + 1) }],
    ['a flipped hex digit', { signature: slackSignature(SECRET, TS, BODY).replace(/.$/, (c) => (c === '0' ? '1' : '0')) }],
  ])('rejects %s', (_, change) => {
    const check = verifySlackSignature(
      { timestamp: TS, signature: slackSignature(SECRET, TS, BODY), rawBody: BODY, ...change },
      SECRET,
      NOW,
    );
    expect(check).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('rejects timestamps more than 300 s away, in the past or the future', () => {
    for (const offset of [-301, 301, -86_400]) {
      const ts = String(Number(TS) + offset);
      const check = verifySlackSignature({ timestamp: ts, signature: slackSignature(SECRET, ts, BODY), rawBody: BODY }, SECRET, NOW);
      expect(check.ok, String(offset)).toBe(false);
      expect(!check.ok && check.reason).toMatch(/more than 300 s/);
    }
  });

  it.each([
    ['no timestamp', { timestamp: undefined }, /Timestamp/],
    ['a non-numeric timestamp', { timestamp: '1e9' }, /Timestamp/],
    ['no signature', { signature: undefined }, /Signature/],
    ['a v1 signature', { signature: `v1=${'a'.repeat(64)}` }, /Signature/],
    ['a short signature', { signature: 'v0=abc' }, /Signature/],
    ['upper-case hex', { signature: slackSignature(SECRET, TS, BODY).toUpperCase() }, /Signature/],
  ])('rejects %s as malformed', (_, change, reason) => {
    const check = verifySlackSignature(
      { timestamp: TS, signature: slackSignature(SECRET, TS, BODY), rawBody: BODY, ...change },
      SECRET,
      NOW,
    );
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toMatch(reason);
  });

  it('rejects everything when the signing secret is empty', () => {
    expect(verifySlackSignature({ timestamp: TS, signature: slackSignature('', TS, BODY), rawBody: BODY }, '', NOW).ok).toBe(false);
  });
});
