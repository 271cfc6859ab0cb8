import { describe, expect, it } from 'vitest';
import { exemptionFor, keepButtonValue, parseKeepButtonValue } from '../../lambda/core/keep-choice';
import { parseExemption } from '../../lambda/core/tag-values';
import type { WarningRecord } from '../../lambda/core/warning-record';
import { clickMatchesRecord, type KeepButtonsConfig, userAllowed } from '../../lambda/keep/keep-rules';
import { type KeepClick, parseInteraction } from '../../lambda/keep/payload';

const ARN = 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc';
const CONFIG: KeepButtonsConfig = { signingSecretName: 's', allowedUserIds: ['U0ALICE'], allowForever: false };
const RECORD: WarningRecord = {
  channel: 'C0J',
  ts: '1.1',
  accountId: '123456789012',
  region: 'eu-west-1',
  deadline: new Date(),
  resources: [ARN],
};
const CLICK: KeepClick = { userId: 'U0ALICE', channel: 'C0J', messageTs: '1.1', arn: ARN, choice: '7d' };

describe('what a Keep choice writes', () => {
  const now = new Date('2026-11-20T23:30:00Z');

  it('7 and 30 days: the UTC day that many days ahead, a value decide.ts reads as "exempt through that day"', () => {
    expect(exemptionFor('7d', now)).toEqual({ tagValue: '2026-11-27', until: new Date('2026-11-27T00:00:00Z') });
    expect(exemptionFor('30d', now).tagValue).toBe('2026-12-20');
    expect(parseExemption(exemptionFor('7d', now).tagValue)).toMatchObject({ kind: 'until', lastDay: '2026-11-27' });
  });

  it('forever: "true", the permanent exemption', () => {
    expect(exemptionFor('forever', now)).toEqual({ tagValue: 'true', until: 'forever' });
    expect(parseExemption('true')).toEqual({ kind: 'permanent' });
  });

  it('the button value round-trips, and anything else is not a value', () => {
    expect(parseKeepButtonValue(keepButtonValue(ARN, '30d'))).toEqual({ arn: ARN, choice: '30d' });
    for (const bad of ['', 'x', '{}', '{"arn":"i-1","keep":"7d"}', `{"arn":"${ARN}","keep":"1y"}`, 'null'])
      expect(parseKeepButtonValue(bad), bad).toBeUndefined();
  });
});

describe('who may keep', () => {
  it('users on the list, or members of the group when it was read', () => {
    expect(userAllowed('U0ALICE', CONFIG, undefined)).toBe(true);
    expect(userAllowed('U0BOB', CONFIG, undefined)).toBe(false);
    expect(userAllowed('U0BOB', { ...CONFIG, allowedUserGroupId: 'S0P' }, ['U0BOB'])).toBe(true);
    expect(userAllowed('U0EVE', { ...CONFIG, allowedUserGroupId: 'S0P' }, ['U0BOB'])).toBe(false);
  });
});

describe('what may be kept: only what the record of the clicked message lists', () => {
  it('accepts a listed ARN of the recorded account', () => {
    expect(clickMatchesRecord(CLICK, RECORD, CONFIG)).toEqual({ ok: true });
  });

  it.each([
    ['no record', CLICK, undefined, /no record/],
    ['a record of another message', CLICK, { ...RECORD, ts: '2.2' }, /another message/],
    ['an ARN the message does not list', { ...CLICK, arn: `${ARN}x` }, RECORD, /does not list/],
    ['a listed ARN whose account is not the recorded one', CLICK, { ...RECORD, accountId: '999999999999' }, /not in account 999999999999/],
    ['"forever" when not allowed', { ...CLICK, choice: 'forever' as const }, RECORD, /not allowed/],
  ])('refuses %s', (_, click, record, reason) => {
    const verdict = clickMatchesRecord(click, record, CONFIG);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(reason);
  });

  it("S3 ARNs carry no account: the record's account applies", () => {
    const bucket = 'arn:aws:s3:::scratch-bucket';
    expect(clickMatchesRecord({ ...CLICK, arn: bucket }, { ...RECORD, resources: [bucket] }, CONFIG)).toEqual({ ok: true });
  });
});

describe('parsing the interaction payload', () => {
  const payload = (overrides: Record<string, unknown> = {}) => ({
    type: 'block_actions',
    user: { id: 'U0ALICE' },
    container: { type: 'message', message_ts: '1.1', channel_id: 'C0J' },
    message: { ts: '1.1', text: 'hi', blocks: [{ type: 'divider' }] },
    actions: [{ action_id: 'janitor-keep-7d', value: keepButtonValue(ARN, '7d') }],
    ...overrides,
  });
  const form = (p: unknown) => `payload=${encodeURIComponent(JSON.stringify(p))}`;

  it('reads who clicked which Keep button on which message', () => {
    expect(parseInteraction(form(payload()))).toEqual({
      kind: 'keep',
      click: { userId: 'U0ALICE', channel: 'C0J', messageTs: '1.1', arn: ARN, choice: '7d' },
    });
  });

  it('ignores other interactions and other buttons', () => {
    expect(parseInteraction(form({ type: 'view_submission' })).kind).toBe('ignored');
    expect(parseInteraction(form(payload({ actions: [{ action_id: 'other', value: 'x' }] }))).kind).toBe('ignored');
  });

  it.each([
    ['no payload field', 'foo=bar'],
    ['a payload that is not JSON', 'payload=%7Bnope'],
    ['no user', form(payload({ user: undefined }))],
    ['a value that is not a Keep value', form(payload({ actions: [{ action_id: 'janitor-keep-7d', value: 'i-0abc' }] }))],
    [
      'an action id that disagrees with the value',
      form(payload({ actions: [{ action_id: 'janitor-keep-30d', value: keepButtonValue(ARN, '7d') }] })),
    ],
    [
      'two Keep actions at once',
      form(
        payload({
          actions: [
            { action_id: 'janitor-keep-7d', value: keepButtonValue(ARN, '7d') },
            { action_id: 'janitor-keep-7d', value: keepButtonValue(ARN, '7d') },
          ],
        }),
      ),
    ],
  ])('calls %s malformed', (_, body) => {
    expect(parseInteraction(body).kind).toBe('malformed');
  });
});
