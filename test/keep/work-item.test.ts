import { describe, expect, it } from 'vitest';
import { slackSignature } from '../../lambda/keep/slack-signature';
import { isKeepWork, signWork, type VerifiedClick, verifyWork, WORK_ITEM_MAX_AGE_SECONDS } from '../../lambda/keep/work-item';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = new Date('2026-11-20T10:00:00Z');
const CLICK: VerifiedClick = {
  clickId: `v0=${'1'.repeat(64)}`,
  userId: 'U0ALICE',
  channel: 'C0J',
  messageTs: '1700000000.000001',
  arn: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc',
  choice: '7d',
};

describe('the keep work item', () => {
  it('verifies what it signed, within the window', () => {
    const work = signWork(SECRET, CLICK, NOW);
    expect(verifyWork(work, SECRET, NOW)).toEqual({ ok: true, work });
    expect(verifyWork(work, SECRET, new Date(NOW.getTime() + WORK_ITEM_MAX_AGE_SECONDS * 1000)).ok).toBe(true);
    expect(verifyWork(work, SECRET, new Date(NOW.getTime() + (WORK_ITEM_MAX_AGE_SECONDS + 1) * 1000))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/s old/),
    });
    expect(verifyWork(work, '', NOW)).toMatchObject({ ok: false, reason: 'no signing secret configured' });
    expect(isKeepWork(work)).toBe(true);
    expect(isKeepWork({ body: '', headers: {} })).toBe(false);
  });

  it('binds every field: moving text between neighbouring fields changes the MAC', () => {
    const a = signWork(SECRET, { ...CLICK, channel: 'C0J', messageTs: '1700000000.000001' }, NOW);
    const b = signWork(SECRET, { ...CLICK, channel: 'C0J1', messageTs: '700000000.000001' }, NOW);
    expect(a.mac).not.toBe(b.mac);
    expect(verifyWork({ ...a, channel: b.channel, messageTs: b.messageTs }, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: 'work item MAC does not match',
    });
  });

  it('uses a key of its own: its MAC is not the Slack signature of the same text', () => {
    const work = signWork(SECRET, CLICK, NOW);
    expect(`v0=${work.mac}`).not.toBe(slackSignature(SECRET, String(NOW.getTime() / 1000), JSON.stringify(CLICK)));
    expect(work.mac).not.toBe(signWork(`${SECRET}x`, CLICK, NOW).mac);
  });

  it('refuses unknown fields and malformed values before computing anything', () => {
    const work = signWork(SECRET, CLICK, NOW);
    expect(verifyWork({ ...work, text: 'hi' }, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a well-formed/),
    });
    expect(verifyWork({ ...work, userId: 'mallory' }, SECRET, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/userId/) });
    expect(verifyWork({ ...work, mac: 'zz' }, SECRET, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/mac/) });
    expect(verifyWork(null, SECRET, NOW).ok).toBe(false);
  });
});
