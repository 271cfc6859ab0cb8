import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEPT_BY_TAG } from '../../lambda/core/keep-choice';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import { type KeepWork, signWork } from '../../lambda/keep/work-item';
import { logger } from '../../lambda/logger';
import { itemsOf } from '../fakes/services/dynamodb-items';
import { ALICE, type KeepHarness, keepButtonsOf, LEDGER_TABLE, NOW, REGION, SIGNING_SECRET, useKeepHarness } from './keep-harness';

/**
 * The worker half of a Keep click, invoked directly as anyone with lambda:InvokeFunction could:
 * forged, tampered, stale, replayed, not-allow-listed and hostile-text events change nothing.
 */

const HOSTILE = ':rotating_light: Your session expired: re-authenticate at <https://slack-login.evil.example|slack.com/signin>';
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

/** A legitimate click, acknowledged: its queued work item, not yet run. */
async function acceptedClick(h: KeepHarness) {
  const r = h.seedMarkedInstance();
  const other = h.seedMarkedInstance();
  const message = await h.postWarning([r, other]);
  expect(await h.invoke(h.clickEvent(message, r.arn))).toMatchObject({ statusCode: 200 });
  expect(h.invocations[0]).toBeDefined();
  const work = h.invocations[0]!.work;
  h.invocations.length = 0;
  h.account.calls.length = 0;
  const before = new Map([...h.account.resources.values()].map((x) => [x.arn, { ...x.tags }]));
  return { r, other, message, work, before, postsBefore: h.slack.server.posts.length };
}

type Accepted = Awaited<ReturnType<typeof acceptedClick>>;

/** No tag written, no keep recorded, nothing posted to Slack; `claimed` when the replayed claim was tried. */
async function expectNothingChanged(h: KeepHarness, c: Accepted, { claimAttempts = 0 } = {}) {
  expect(h.account.tagWrites).toEqual([]);
  expect([...h.account.callsOf('TagResources'), ...h.account.callsOf('UntagResources')]).toEqual([]);
  for (const [arn, tags] of c.before) expect(h.account.get(arn).tags).toEqual(tags);
  expect(h.account.mutatingCalls().map((call) => call.input.Item?.pk.S.split('#')[0])).toEqual(Array(claimAttempts).fill('WORK'));
  expect(await h.ledger.keepsSince(new Date(0), h.account.accountId, REGION)).toEqual([]);
  expect(h.slack.server.posts.slice(c.postsBefore)).toEqual([]);
  expect(h.slack.ephemerals()).toEqual([]);
  expect(JSON.stringify(h.slack.server.posts)).not.toContain('evil.example');
}

function spyOnRefusals() {
  return vi.spyOn(logger, 'error');
}

function expectRefusalLogged(spy: ReturnType<typeof spyOnRefusals>, reason: RegExp) {
  expect(spy).toHaveBeenCalledWith('keep work refused', expect.objectContaining({ reason: expect.stringMatching(reason) }));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Keep worker: forged work items', () => {
  const h = useKeepHarness();

  it('a wrong MAC is refused, logged, and fails the invocation (the Errors alarm)', async () => {
    const c = await acceptedClick(h);
    const spy = spyOnRefusals();
    await expect(h.invoke({ ...c.work, mac: '0'.repeat(64) })).rejects.toThrow(/keep refused in the worker: work item MAC does not match/);
    expectRefusalLogged(spy, /MAC does not match/);
    await expectNothingChanged(h, c);
  });

  it("an item MAC'd with another key (not the signing secret) is refused", async () => {
    const c = await acceptedClick(h);
    await expect(h.invoke(signWork('not-the-signing-secret', c.work, NOW))).rejects.toThrow(/MAC does not match/);
    await expectNothingChanged(h, c);
  });

  it.each<[string, (c: Accepted) => Partial<KeepWork>]>([
    ['the user (someone else as kept-by)', () => ({ userId: 'U0MALLORY' })],
    ['the ARN (another resource of the same message)', (c) => ({ arn: c.other.arn })],
    ['the choice (forever instead of 7 days)', () => ({ choice: 'forever' })],
    ['the channel', () => ({ channel: 'C0ELSEWHERE' })],
    ['the message ts', () => ({ messageTs: '1700000000.000001' })],
    ['the issue time (to look fresh)', () => ({ issuedAt: later(3600).toISOString() })],
    ['the click id (to dodge the replay claim)', () => ({ clickId: `v0=${'a'.repeat(64)}` })],
  ])('tampering with %s is caught by the MAC', async (_, tamper) => {
    const c = await acceptedClick(h);
    await expect(h.invoke({ ...c.work, ...tamper(c) })).rejects.toThrow(/MAC does not match/);
    await expectNothingChanged(h, c);
  });

  it('the old unauthenticated format, and an item without a MAC, are refused as malformed', async () => {
    const c = await acceptedClick(h);
    const { mac: _mac, ...unsigned } = c.work;
    await expect(h.invoke(unsigned)).rejects.toThrow(/not a well-formed work item \(mac\)/);
    const legacy = {
      kind: 'janitor-keep-work',
      verifiedAt: NOW.toISOString(),
      click: {
        userId: 'U0MALLORY',
        channel: c.message.channel,
        messageTs: c.message.ts,
        arn: c.r.arn,
        choice: 'forever',
        message: { text: HOSTILE, blocks: [] },
      },
    };
    await expect(h.invoke(legacy)).rejects.toThrow(/not a well-formed work item/);
    await expectNothingChanged(h, c);
  });
});

describe('Keep worker: hostile message text', () => {
  const h = useKeepHarness();

  it('an otherwise valid item carrying message text is refused: no field outside the MAC is accepted', async () => {
    const c = await acceptedClick(h);
    const hostile = { ...c.work, message: { text: HOSTILE, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: HOSTILE } }] } };
    await expect(h.invoke(hostile)).rejects.toThrow(/not a well-formed work item \(item\)/);
    await expectNothingChanged(h, c);
  });

  it('a genuine click whose payload shows doctored message text: the update is rebuilt from the ledger, the text never appears', async () => {
    const r = h.seedMarkedInstance();
    const message = await h.postWarning([r]);
    const doctored = {
      ...message,
      text: HOSTILE,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: HOSTILE } }, ...message.blocks],
    };
    expect(await h.invoke(h.clickEvent(message, r.arn, { message: doctored }))).toMatchObject({ statusCode: 200 });
    expect(JSON.stringify(h.invocations[0]!.work)).not.toContain('evil.example');
    await h.runQueuedWork();
    const [update] = h.slack.server.posts.filter((p) => p.method === 'chat.update');
    expect(update).toBeDefined();
    expect(JSON.stringify(update!.body)).not.toContain('evil.example');
    expect(JSON.stringify(update!.body)).toContain(`Kept by <@${ALICE}>`);
    expect(JSON.stringify(update!.body)).toContain(r.arn);
  });
});

describe('Keep worker: stale items', () => {
  const h = useKeepHarness();

  it('an item that reaches the worker more than 5 minutes after the ack is refused', async () => {
    const c = await acceptedClick(h);
    h.configure({ handler: { now: () => later(301) } });
    const spy = spyOnRefusals();
    await expect(h.invoke(c.work)).rejects.toThrow(/work item is 301 s old \(more than 300 s\)/);
    expectRefusalLogged(spy, /301 s old/);
    await expectNothingChanged(h, c);
  });

  it('an authentic item issued in the future (beyond clock skew) is refused; within the window it works', async () => {
    const c = await acceptedClick(h);
    await expect(h.invoke(signWork(SIGNING_SECRET, c.work, later(120)))).rejects.toThrow(/120 s in the future/);
    await expectNothingChanged(h, c);
    h.configure({ handler: { now: () => later(299) } });
    await h.invoke(c.work);
    expect(h.account.get(c.r.arn).tags[KEPT_BY_TAG]).toBe(ALICE);
  });
});

describe('Keep worker: replays', () => {
  const h = useKeepHarness();

  it('the same item three times: one keep, one tag write, one message update; the replays are refused and logged', async () => {
    const c = await acceptedClick(h);
    const spy = spyOnRefusals();
    await h.invoke(c.work);
    await expect(h.invoke(c.work)).rejects.toThrow(/replayed work item/);
    await expect(h.invoke(c.work)).rejects.toThrow(/replayed work item/);
    expectRefusalLogged(spy, /replayed/);

    expect(h.account.callsOf('TagResources')).toHaveLength(1);
    expect(h.account.tagWrites).toHaveLength(1);
    expect(h.account.get(c.r.arn).tags).toEqual({ Name: 'scratch', [EXEMPT_TAG]: '2026-11-27', [KEPT_BY_TAG]: ALICE });
    expect(await h.ledger.keepsSince(new Date(0), h.account.accountId, REGION)).toHaveLength(1);
    expect(h.slack.server.posts.filter((p) => p.method === 'chat.update')).toHaveLength(1);
    expect(itemsOf(h.account, LEDGER_TABLE).filter((i) => i.pk!.S.startsWith('WORK#'))).toHaveLength(1);
  });

  it('three concurrent copies: exactly one passes the conditional claim', async () => {
    const c = await acceptedClick(h);
    const outcomes = await Promise.allSettled([h.invoke(c.work), h.invoke(c.work), h.invoke(c.work)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(h.account.callsOf('TagResources')).toHaveLength(1);
    expect(await h.ledger.keepsSince(new Date(0), h.account.accountId, REGION)).toHaveLength(1);
  });
});

describe('Keep worker: the allow-list and the record, again', () => {
  const h = useKeepHarness();

  it('an authentic item for a user on neither the allow-list nor in the group is refused', async () => {
    const c = await acceptedClick(h);
    const spy = spyOnRefusals();
    await expect(h.invoke(signWork(SIGNING_SECRET, { ...c.work, userId: 'U0STRANGER' }, NOW))).rejects.toThrow(
      /not in the allowed user group/,
    );
    expectRefusalLogged(spy, /not in the allowed user group/);
    await expectNothingChanged(h, c);
  });

  it('a user taken off the allow-list between the ack and the work is refused', async () => {
    const c = await acceptedClick(h);
    h.configure({ keepButtons: { allowedUserIds: ['U0CAROL'], allowedUserGroupId: undefined } });
    await expect(h.invoke(c.work)).rejects.toThrow(/not on the janitor's allow-list/);
    await expectNothingChanged(h, c);
  });

  it('a group member is refused when the group cannot be read (fail closed)', async () => {
    const c = await acceptedClick(h);
    h.slack.failNextDirectoryCall('missing_scope');
    await expect(h.invoke(signWork(SIGNING_SECRET, { ...c.work, userId: 'U0BOB' }, NOW))).rejects.toThrow(
      /user group could not be read \(missing_scope\)/,
    );
    await expectNothingChanged(h, c);
  });

  it('an authentic item for an ARN the message does not list, or "forever" when not allowed, is refused', async () => {
    const c = await acceptedClick(h);
    const unlisted = h.seedMarkedInstance();
    c.before.set(unlisted.arn, { ...unlisted.tags });
    await expect(h.invoke(signWork(SIGNING_SECRET, { ...c.work, arn: unlisted.arn }, NOW))).rejects.toThrow(
      /this message does not list that resource/,
    );
    await expect(h.invoke(signWork(SIGNING_SECRET, { ...c.work, choice: 'forever' }, NOW))).rejects.toThrow(
      /"Keep forever" is not allowed/,
    );
    await expectNothingChanged(h, c);
  });
});

describe('Keep worker: the message update comes from the ledger', () => {
  const h = useKeepHarness();

  it('a second keep on the same message still shows the first one as kept', async () => {
    const r = h.seedMarkedInstance();
    const other = h.seedMarkedInstance();
    const message = await h.postWarning([r, other]);
    await h.invoke(h.clickEvent(message, r.arn));
    await h.invoke(h.clickEvent(message, other.arn, { user: 'U0BOB', actionId: 'janitor-keep-30d' }));
    await h.runQueuedWork();

    const updates = h.slack.server.posts.filter((p) => p.method === 'chat.update');
    expect(updates).toHaveLength(2);
    const last = { ...message, blocks: updates[1]!.body.blocks! };
    expect(JSON.stringify(last.blocks)).toContain(`Kept by <@${ALICE}> until 2026-11-27`);
    expect(JSON.stringify(last.blocks)).toContain('Kept by <@U0BOB> until 2026-12-20');
    expect(keepButtonsOf(last, r.arn)).toEqual([]);
    expect(keepButtonsOf(last, other.arn)).toEqual([]);
    expect(updates[1]!.body.text).toMatch(/0 resources of 2 will be deleted.*2 kept/);
    expect(h.account.get(other.arn).tags[MARK_TAG]).toBeUndefined();
  });
});
