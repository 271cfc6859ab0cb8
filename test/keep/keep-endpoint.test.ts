import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import { KEPT_BY_TAG, keepButtonValue } from '../../lambda/core/keep-choice';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import { itemsOf } from '../fakes/services/dynamodb-items';
import { seedInstance } from '../fakes/services/ec2';
import {
  ALICE,
  FUNCTION_NAME,
  functionUrlEvent,
  type KeepHarness,
  keepButtonsOf,
  LEDGER_TABLE,
  MARK,
  NOW,
  REGION,
  useKeepHarness,
} from './keep-harness';

/** What a rejected request may leave behind: at most its replay marker, never a tag write, no worker. */
function expectNothingChanged(
  h: KeepHarness,
  tagsBefore: Map<string, Record<string, string>>,
  { replayMarker }: { replayMarker: boolean },
) {
  const writes = h.account.mutatingCalls();
  expect(writes.map((c) => c.command)).toEqual(replayMarker ? ['PutItem'] : []);
  if (replayMarker) expect(writes[0]!.input.Item.pk.S).toMatch(/^REQ#v0=/);
  expect(h.account.tagWrites).toEqual([]);
  for (const [arn, tags] of tagsBefore) expect(h.account.get(arn).tags).toEqual(tags);
  expect(h.invocations).toEqual([]);
  expect(h.slack.server.posts.filter((p) => p.method === 'chat.update')).toEqual([]);
}

function snapshotTags(h: KeepHarness): Map<string, Record<string, string>> {
  return new Map([...h.account.resources.values()].map((r) => [r.arn, { ...r.tags }]));
}

/** Calls made while posting the warning are the nightly run's, not the click's. */
function forgetCalls(h: KeepHarness) {
  h.account.calls.length = 0;
}

describe('Keep button: a valid click', () => {
  const h = useKeepHarness();

  it('acks at once, then the worker exempts the resource for 7 days, records who kept it, removes the mark and updates the message', async () => {
    const kept = h.seedMarkedInstance();
    const other = h.seedMarkedInstance();
    const message = await h.postWarning([kept, other]);
    forgetCalls(h);

    const response = await h.invoke(h.clickEvent(message, kept.arn));

    // The ack: HTTP 200, and the work handed to an asynchronous invocation of the function itself.
    expect(response).toMatchObject({ statusCode: 200 });
    expect(h.invocations).toHaveLength(1);
    expect(h.invocations[0]).toMatchObject({ FunctionName: FUNCTION_NAME, InvocationType: 'Event' });
    // A signed work item: the verified click's fields only, no message text.
    expect(Object.keys(h.invocations[0]!.work).sort()).toEqual([
      'arn',
      'channel',
      'choice',
      'clickId',
      'issuedAt',
      'kind',
      'mac',
      'messageTs',
      'userId',
      'v',
    ]);
    expect(h.invocations[0]!.work).toMatchObject({
      kind: 'janitor-keep-work',
      arn: kept.arn,
      choice: '7d',
      userId: ALICE,
      issuedAt: NOW.toISOString(),
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Nothing is tagged before the worker runs.
    expect(h.account.tagWrites).toEqual([]);

    await h.runQueuedWork();

    expect(h.account.get(kept.arn).tags).toEqual({ Name: 'scratch', [EXEMPT_TAG]: '2026-11-27', [KEPT_BY_TAG]: ALICE });
    expect(h.account.get(other.arn).tags).toEqual({ Name: 'scratch', ...MARK });
    const tagCalls = h.account.calls.filter((c) => c.service === 'tagging');
    expect(tagCalls.map((c) => [c.command, c.region, c.input.ResourceARNList])).toEqual([
      ['TagResources', REGION, [kept.arn]],
      ['UntagResources', REGION, [kept.arn]],
    ]);

    // The message is rebuilt from the ledger's record: the clicked line says "kept by", the other keeps its buttons.
    const updates = h.slack.server.posts.filter((p) => p.method === 'chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ts).toBe(message.ts);
    expect(updates[0]!.body).toMatchObject({ channel: message.channel, ts: message.ts });
    const updated = { ...message, blocks: updates[0]!.body.blocks! };
    expect(JSON.stringify(updated.blocks)).toContain(`Kept by <@${ALICE}> until 2026-11-27`);
    expect(keepButtonsOf(updated, kept.arn)).toEqual([]);
    // The same buttons as the warning's (this configuration offers no "Keep forever").
    expect(keepButtonsOf(updated, other.arn)).toEqual(
      keepButtonsOf(message, other.arn).filter((b) => b.action_id !== 'janitor-keep-forever'),
    );
    expect(updates[0]!.body.text).toMatch(/1 resource of 2 will be deleted after 2026-11-20T23:00:00Z, 1 kept/);

    // The next report learns about it.
    expect(await h.ledger.keepsSince(new Date('2026-11-20T00:00:00Z'), h.account.accountId, REGION)).toEqual([
      { arn: kept.arn, keptBy: ALICE, until: new Date('2026-11-27T00:00:00Z'), at: NOW },
    ]);
    expect(h.slack.ephemerals()).toEqual([]);
  });

  it('"Keep forever" writes janitor:exempt=true when the configuration allows it', async () => {
    h.configure({ keepButtons: { allowForever: true } });
    const r = h.seedMarkedInstance();
    const message = await h.postWarning([r]);
    expect(await h.invoke(h.clickEvent(message, r.arn, { actionId: 'janitor-keep-forever' }))).toMatchObject({ statusCode: 200 });
    await h.runQueuedWork();
    expect(h.account.get(r.arn).tags[EXEMPT_TAG]).toBe('true');
    expect(h.account.get(r.arn).tags[MARK_TAG]).toBeUndefined();
    expect(JSON.stringify(h.slack.server.posts.at(-1)!.body.blocks)).toContain('for good');
  });

  it('a member of the allowed user group may keep (usergroups.users.list)', async () => {
    const r = h.seedMarkedInstance();
    const message = await h.postWarning([r]);
    expect(await h.invoke(h.clickEvent(message, r.arn, { user: 'U0BOB', actionId: 'janitor-keep-30d' }))).toMatchObject({
      statusCode: 200,
    });
    await h.runQueuedWork();
    expect(h.account.get(r.arn).tags).toMatchObject({ [EXEMPT_TAG]: '2026-12-20', [KEPT_BY_TAG]: 'U0BOB' });
    expect(h.slack.calls.map((c) => c.method)).toContain('usergroups.users.list');
  });

  it('tags a resource of another account with the clients clientsFor gives for that account and region', async () => {
    const { member } = h;
    const r = seedInstance(member, { region: REGION, tags: { Name: 'scratch', ...MARK } });
    const asked: string[] = [];
    h.configure({
      handler: {
        // What the cross-account wiring does: assume the member account's role, act with its key.
        clientsFor: async (accountId, region) => {
          asked.push(`${accountId}/${region}`);
          const { Credentials } = await new STSClient({ region }).send(
            new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/janitor-keep`, RoleSessionName: 'keep' }),
          );
          return new AwsClients({
            accountId,
            region,
            credentials: async () => ({
              accessKeyId: Credentials!.AccessKeyId!,
              secretAccessKey: Credentials!.SecretAccessKey!,
              sessionToken: Credentials!.SessionToken,
            }),
          });
        },
      },
    });
    const message = await h.postWarning([r], member.accountId);
    expect(await h.invoke(h.clickEvent(message, r.arn))).toMatchObject({ statusCode: 200 });
    await h.runQueuedWork();

    expect(asked).toEqual([`${member.accountId}/${REGION}`]);
    expect(member.get(r.arn).tags).toEqual({ Name: 'scratch', [EXEMPT_TAG]: '2026-11-27', [KEPT_BY_TAG]: ALICE });
    expect(member.callsOf('TagResources')).toHaveLength(1);
    expect(h.account.callsOf('TagResources')).toEqual([]);
    // The keep is reported for the member account's next run.
    expect(await h.ledger.keepsSince(new Date(0), member.accountId, REGION)).toHaveLength(1);
  });

  it('a failed tag write leaves the mark, tells the user, records no keep and fails the worker', async () => {
    const r = h.seedMarkedInstance();
    const message = await h.postWarning([r]);
    h.account.tagFailures.set(r.arn, { ErrorCode: 'AccessDeniedException', StatusCode: 403, ErrorMessage: 'not allowed' });
    await h.invoke(h.clickEvent(message, r.arn));
    await expect(h.runQueuedWork()).rejects.toThrow(/AccessDeniedException: not allowed/);
    expect(h.account.get(r.arn).tags[MARK_TAG]).toBeDefined();
    expect(h.account.get(r.arn).tags[EXEMPT_TAG]).toBeUndefined();
    expect(h.slack.ephemerals().map((c) => c.body.text)).toEqual([expect.stringContaining('Keeping failed')]);
    expect(await h.ledger.keepsSince(new Date(0), h.account.accountId, REGION)).toEqual([]);
    expect(h.slack.server.posts.filter((p) => p.method === 'chat.update')).toEqual([]);
  });
});

describe('Keep button: rejected requests change nothing', () => {
  const h = useKeepHarness();

  async function clickable() {
    const r = h.seedMarkedInstance();
    const message = await h.postWarning([r]);
    forgetCalls(h);
    return { r, message, before: snapshotTags(h) };
  }

  it('a forged signature (wrong signing secret) is refused with 401 before anything is read or written', async () => {
    const { r, message, before } = await clickable();
    const response = await h.invoke(h.clickEvent(message, r.arn, { signingSecret: 'not-the-secret' }));
    expect(response).toMatchObject({ statusCode: 401 });
    expectNothingChanged(h, before, { replayMarker: false });
    expect(h.account.calls.map((c) => c.command)).toEqual(['GetSecretValue']);
    expect(h.slack.calls).toEqual([]);
  });

  it('missing or malformed signature headers are refused', async () => {
    const { before } = await clickable();
    expect(await h.invoke(functionUrlEvent('payload=%7B%7D', {}))).toMatchObject({ statusCode: 401 });
    expect(
      await h.invoke(functionUrlEvent('payload=%7B%7D', { 'x-slack-request-timestamp': 'yesterday', 'x-slack-signature': 'v0=abc' })),
    ).toMatchObject({
      statusCode: 401,
    });
    expectNothingChanged(h, before, { replayMarker: false });
  });

  it('a correctly signed request with a timestamp more than 5 minutes old is refused as stale', async () => {
    const { r, message, before } = await clickable();
    const stale = Math.floor(NOW.getTime() / 1000) - 301;
    expect(await h.invoke(h.clickEvent(message, r.arn, { timestamp: stale }))).toMatchObject({ statusCode: 401 });
    expectNothingChanged(h, before, { replayMarker: false });
    // Within the window it would have been accepted.
    expect(await h.invoke(h.clickEvent(message, r.arn, { timestamp: stale + 2 }))).toMatchObject({ statusCode: 200 });
  });

  it('a replayed request (same signature) is refused, and only the first one starts work', async () => {
    const { r, message } = await clickable();
    const event = h.clickEvent(message, r.arn);
    expect(await h.invoke(event)).toMatchObject({ statusCode: 200 });
    const callsAfterFirst = h.account.mutatingCalls().length;
    expect(await h.invoke(event)).toMatchObject({ statusCode: 409 });
    // The replay's only write is the failed conditional put of its marker.
    expect(
      h.account
        .mutatingCalls()
        .slice(callsAfterFirst)
        .map((c) => [c.command, c.input.ConditionExpression]),
    ).toEqual([['PutItem', 'attribute_not_exists(#pk)']]);
    expect(h.invocations).toHaveLength(1);
    expect(itemsOf(h.account, LEDGER_TABLE).filter((i) => i.pk!.S.startsWith('REQ#'))).toHaveLength(1);
  });

  it('a user on neither the allow-list nor in the allowed group gets an ephemeral explanation, and nothing else happens', async () => {
    const { r, message, before } = await clickable();
    expect(await h.invoke(h.clickEvent(message, r.arn, { user: 'U0STRANGER' }))).toMatchObject({ statusCode: 200 });
    expectNothingChanged(h, before, { replayMarker: true });
    expect(h.slack.ephemerals()).toEqual([
      {
        method: 'chat.postEphemeral',
        body: expect.objectContaining({
          channel: message.channel,
          user: 'U0STRANGER',
          text: expect.stringContaining('not in the allowed user group'),
        }),
      },
    ]);
  });

  it('when the user group cannot be read, the user is refused (fail closed) and told why', async () => {
    const { r, message, before } = await clickable();
    h.slack.failNextDirectoryCall('missing_scope');
    expect(await h.invoke(h.clickEvent(message, r.arn, { user: 'U0BOB' }))).toMatchObject({ statusCode: 200 });
    expectNothingChanged(h, before, { replayMarker: true });
    expect(h.slack.ephemerals()[0]?.body.text).toContain('missing_scope');
  });

  it('a tampered button value naming a resource the message does not list is refused', async () => {
    const { r, message, before } = await clickable();
    const unlisted = h.seedMarkedInstance();
    before.set(unlisted.arn, { ...unlisted.tags });
    const event = h.clickEvent(message, r.arn, { value: keepButtonValue(unlisted.arn, '7d') });
    expect(await h.invoke(event)).toMatchObject({ statusCode: 200 });
    expectNothingChanged(h, before, { replayMarker: true });
    expect(h.slack.ephemerals()[0]?.body.text).toContain('this message does not list that resource');
  });

  it('a tampered value naming the same resource id in another account is refused', async () => {
    const { r, message, before } = await clickable();
    const otherAccount = r.arn.replace(h.account.accountId, '999999999999');
    expect(await h.invoke(h.clickEvent(message, r.arn, { value: keepButtonValue(otherAccount, '7d') }))).toMatchObject({ statusCode: 200 });
    expectNothingChanged(h, before, { replayMarker: true });
  });

  it('a click on a message the janitor never recorded (another ts) is refused', async () => {
    const { r, message, before } = await clickable();
    const forged = { ...message, ts: '1700000000.000099' };
    expect(await h.invoke(h.clickEvent(message, r.arn, { message: forged }))).toMatchObject({ statusCode: 200 });
    expectNothingChanged(h, before, { replayMarker: true });
    expect(h.slack.ephemerals()[0]?.body.text).toContain('no record of this message');
  });

  it('"Keep forever" is refused when the configuration does not allow it', async () => {
    const { r, message, before } = await clickable();
    expect(await h.invoke(h.clickEvent(message, r.arn, { actionId: 'janitor-keep-forever' }))).toMatchObject({ statusCode: 200 });
    expectNothingChanged(h, before, { replayMarker: true });
    expect(h.slack.ephemerals()[0]?.body.text).toContain('not allowed');
  });

  it('a button whose value disagrees with its action is refused as malformed', async () => {
    const { r, message, before } = await clickable();
    expect(await h.invoke(h.clickEvent(message, r.arn, { value: keepButtonValue(r.arn, 'forever') }))).toMatchObject({ statusCode: 400 });
    expectNothingChanged(h, before, { replayMarker: true });
  });
});
