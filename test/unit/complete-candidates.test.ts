import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import { planRegion } from '../../lambda/cli/plan-engine';
import { parseConfig } from '../../lambda/config';
import { AnnouncementIndex, NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { awaitsCompletion, decide, decisionPolicy } from '../../lambda/core/decide';
import { MARK_TAG, type Resource } from '../../lambda/core/model';
import type { Notifier, RunReport, Warning } from '../../lambda/core/report';
import { HOUR_MS } from '../../lambda/core/tag-values';
import { enabledResourceTypes } from '../../lambda/resources/registry';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { decideInventory } from '../../lambda/run/complete-candidates';
import { runNight } from '../../lambda/run/nightly-run';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedTable } from '../fakes/services/dynamodb';
import { seedKmsKey } from '../fakes/services/kms';
import { seedQueue } from '../fakes/services/sqs';
import { ledgerAnnouncing } from '../support/announced';

const NOW = new Date('2026-11-20T02:00:00Z');
const LONG_AGO = new Date('2026-09-01T00:00:00Z');
const YOUNG = new Date(NOW.getTime() - 2 * HOUR_MS);
const DUE = { [MARK_TAG]: '2026-11-19T00:00:00Z' };
const LATER = { [MARK_TAG]: '2026-11-20T20:00:00Z' };
/** When the run that wrote these marks announced them. */
const ANNOUNCED_AT = new Date('2026-11-18T02:00:00Z');
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';

const config = parseConfig({
  dryRun: false,
  slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' },
  resourceTypes: ['sqs:queue', 'dynamodb:table', 'kms:key'],
  minimumAgeHours: 24,
  deletion: { secondsBetweenWaves: 0, backups: false },
});
const policy = decisionPolicy(config);

/** The ledger of an earlier run that announced these resources with the deadlines on their marks. */
function announcing(...resources: Resource[]): AnnouncementIndex {
  return new AnnouncementIndex(
    resources.map((r) => ({ arn: r.arn, deadline: r.tags[MARK_TAG]!, announcedAt: ANNOUNCED_AT.toISOString() })),
  );
}

function incomplete(name: string, tags: Record<string, string> = {}, type = 'test:thing'): Resource {
  return {
    type,
    arn: `arn:aws:test:${REGION}:${ACCOUNT}:thing/${name}`,
    id: name,
    name,
    region: REGION,
    accountId: ACCOUNT,
    tags,
    needsCompletion: true,
  };
}

describe('decide, for a resource whose details are not read yet', () => {
  it('never marks it: its creation time is unknown only because it was not read', () => {
    const d = decide(incomplete('a'), NOW, policy, NO_ANNOUNCEMENTS);
    expect(d).toMatchObject({ status: 'new-violation', action: 'none' });
    expect(d.reason).toMatch(/not acted on before its creation time and state are read/);
    expect(awaitsCompletion(incomplete('a'), d)).toBe(true);
  });

  it('never deletes it, and never re-marks over a malformed mark', () => {
    expect(decide(incomplete('a', DUE), NOW, policy, announcing(incomplete('a', DUE)))).toMatchObject({ status: 'due', action: 'none' });
    expect(decide(incomplete('a', { [MARK_TAG]: 'soon' }), NOW, policy, NO_ANNOUNCEMENTS)).toMatchObject({
      status: 'malformed-mark',
      action: 'none',
    });
  });

  it('decides what keeps or waits as usual, and does not ask for completion then', () => {
    for (const [tags, status, action] of [
      [{ ManagedBy: 'terraform' }, 'compliant', 'none'],
      [{ ManagedBy: 'terraform', ...DUE }, 'compliant', 'unmark'],
      [{ 'janitor:exempt': 'true' }, 'exempt', 'none'],
      [LATER, 'waiting', 'none'],
      [{ 'janitor:exempt': 'forever' }, 'malformed-exemption', 'none'],
    ] as const) {
      const r = incomplete('a', tags);
      const d = decide(r, NOW, policy, announcing(r));
      expect(d, JSON.stringify(tags)).toMatchObject({ status, action });
      expect(awaitsCompletion(r, d)).toBe(false);
    }
  });

  it('acts on the same resource once completed', () => {
    const { needsCompletion: _, ...complete } = incomplete('a');
    expect(decide({ ...complete, createdAt: LONG_AGO }, NOW, policy, NO_ANNOUNCEMENTS)).toMatchObject({
      status: 'new-violation',
      action: 'mark',
    });
    expect(decide({ ...complete, createdAt: YOUNG }, NOW, policy, NO_ANNOUNCEMENTS)).toMatchObject({ status: 'too-young', action: 'none' });
  });
});

describe('decideInventory', () => {
  const clients = new AwsClients({ accountId: ACCOUNT, region: REGION });

  function fakeType(id: string, complete?: (resources: readonly Resource[]) => Promise<Resource[]>) {
    const asked: string[][] = [];
    const type = {
      id,
      label: id,
      tagsFromList: false,
      iam: { read: [], tag: [], delete: [] },
      async *list() {},
      delete: async () => ({ status: 'deleted' as const }),
      consoleUrl: () => 'https://example.com',
      ...(complete
        ? {
            complete: async (_c: AwsClients, resources: readonly Resource[]) => {
              asked.push(resources.map((r) => r.id));
              return complete(resources);
            },
          }
        : {}),
    } satisfies ResourceType;
    return { type, asked };
  }
  const createdAt = (at: Date) => async (resources: readonly Resource[]) =>
    resources.map(({ needsCompletion: _, ...r }) => ({ ...r, createdAt: at }));

  it('completes only the candidates, in one batch per type, and decides them again: only the second decision counts', async () => {
    const things = fakeType('test:thing', createdAt(YOUNG));
    const others = fakeType('test:other', createdAt(LONG_AGO));
    const resources = [
      incomplete('untagged'),
      incomplete('compliant', { ManagedBy: 'terraform' }),
      incomplete('waiting', LATER),
      incomplete('due', DUE),
      incomplete('other-untagged', {}, 'test:other'),
      incomplete('other-exempt', { 'janitor:exempt': 'true' }, 'test:other'),
    ].map((r) => (r.type === 'test:other' ? { ...r, arn: r.arn.replace('thing/', 'other/') } : r));

    const announced = new AnnouncementIndex(
      [resources[2]!, resources[3]!].map((r) => ({
        arn: r.arn,
        identity: YOUNG.toISOString(),
        deadline: r.tags[MARK_TAG]!,
        announcedAt: ANNOUNCED_AT.toISOString(),
      })),
    );

    const { decided, listingErrors } = await decideInventory(
      clients,
      [things.type, others.type],
      { resources, listingErrors: [] },
      NOW,
      policy,
      announced,
    );

    expect(listingErrors).toEqual([]);
    expect(things.asked).toEqual([['untagged', 'due']]);
    expect(others.asked).toEqual([['other-untagged']]);
    const byId = Object.fromEntries(decided.map((d) => [d.resource.id, d.decision]));
    // Young once its creation time is known: not marked. A due mark is deleted whatever the age.
    expect(byId.untagged).toMatchObject({ status: 'too-young', action: 'none' });
    expect(byId.due).toMatchObject({ status: 'due', action: 'delete' });
    expect(byId['other-untagged']).toMatchObject({ status: 'new-violation', action: 'mark' });
    expect(byId.compliant).toMatchObject({ status: 'compliant', action: 'none' });
    expect(byId.waiting).toMatchObject({ status: 'waiting', action: 'none' });
    expect(byId['other-exempt']).toMatchObject({ status: 'exempt', action: 'none' });
    // The inventory's order is kept.
    expect(decided.map((d) => d.resource.id)).toEqual(resources.map((r) => r.id));
  });

  it('makes no completion call when nothing would be marked or deleted', async () => {
    const things = fakeType('test:thing', createdAt(LONG_AGO));
    await decideInventory(
      clients,
      [things.type],
      { resources: [incomplete('ok', { ManagedBy: 'cdk' }), incomplete('w', LATER)], listingErrors: [] },
      NOW,
      policy,
      announcing(incomplete('w', LATER)),
    );
    expect(things.asked).toEqual([]);
  });

  it('drops a candidate that complete() no longer returns (deleted meanwhile)', async () => {
    const things = fakeType('test:thing', async (resources) => (await createdAt(LONG_AGO)(resources)).filter((r) => r.id !== 'gone'));
    const { decided, listingErrors } = await decideInventory(
      clients,
      [things.type],
      { resources: [incomplete('gone'), incomplete('here')], listingErrors: [] },
      NOW,
      policy,
      NO_ANNOUNCEMENTS,
    );
    expect(decided.map((d) => [d.resource.id, d.decision.action])).toEqual([['here', 'mark']]);
    expect(listingErrors).toEqual([]);
  });

  it("reports a failing complete() like a listing error and leaves its candidates out, keeping the type's other decisions", async () => {
    const things = fakeType('test:thing', async () => {
      throw new FakeAwsError('AccessDeniedException', 'not authorized to perform test:Describe');
    });
    const { decided, listingErrors } = await decideInventory(
      clients,
      [things.type],
      {
        resources: [incomplete('untagged'), incomplete('due', DUE), incomplete('ok', { ManagedBy: 'cdk', ...DUE })],
        listingErrors: [{ type: 'test:earlier', error: 'x' }],
      },
      NOW,
      policy,
      NO_ANNOUNCEMENTS,
    );
    expect(decided.map((d) => [d.resource.id, d.decision.action])).toEqual([['ok', 'unmark']]);
    expect(listingErrors).toEqual([
      { type: 'test:earlier', error: 'x' },
      {
        type: 'test:thing',
        error: expect.stringMatching(/^reading the details of 2 candidate\(s\) failed.*AccessDeniedException: not authorized/),
      },
    ]);
  });

  it('reports a type that lists incomplete resources without a complete()', async () => {
    const bare = fakeType('test:thing');
    const { decided, listingErrors } = await decideInventory(
      clients,
      [bare.type],
      { resources: [incomplete('untagged')], listingErrors: [] },
      NOW,
      policy,
      NO_ANNOUNCEMENTS,
    );
    expect(decided).toEqual([]);
    expect(listingErrors[0]).toMatchObject({ type: 'test:thing', error: expect.stringMatching(/has no complete\(\)/) });
  });

  it('keeps the joined tags, and never acts on what complete() returns still incomplete or was not asked for', async () => {
    const things = fakeType('test:thing', async (resources) => [
      { ...resources[0]!, tags: { ManagedBy: 'terraform' }, needsCompletion: undefined, createdAt: LONG_AGO },
      { ...resources[1]!, createdAt: LONG_AGO },
      { ...incomplete('stranger'), needsCompletion: undefined, createdAt: LONG_AGO },
    ]);
    const { decided } = await decideInventory(
      clients,
      [things.type],
      { resources: [incomplete('a'), incomplete('b')], listingErrors: [] },
      NOW,
      policy,
      NO_ANNOUNCEMENTS,
    );
    expect(decided.map((d) => [d.resource.id, d.decision.status, d.decision.action])).toEqual([
      ['a', 'new-violation', 'mark'],
      ['b', 'new-violation', 'none'],
    ]);
    expect(decided[0]!.resource.tags).toEqual({});
  });

  it('judges a type that reads its own tags (completeReadsTags) on those: a tagging-API gap never looks like "never tagged"', async () => {
    const native: Record<string, Record<string, string>> = { a: { ManagedBy: 'terraform' }, b: {} };
    const things = fakeType('test:thing', async (resources) =>
      resources.map(({ needsCompletion: _, ...r }) => ({ ...r, createdAt: LONG_AGO, tags: native[r.id] ?? {} })),
    );
    const { decided } = await decideInventory(
      clients,
      [{ ...things.type, completeReadsTags: true }],
      // The joined tags are empty: GetResources did not return either resource.
      { resources: [incomplete('a'), incomplete('b')], listingErrors: [] },
      NOW,
      policy,
      NO_ANNOUNCEMENTS,
    );
    expect(decided.map((d) => [d.resource.id, d.decision.status, d.decision.action])).toEqual([
      ['a', 'compliant', 'none'],
      ['b', 'new-violation', 'mark'],
    ]);
    expect(decided[0]!.resource.tags).toEqual({ ManagedBy: 'terraform' });
  });
});

describe('a due resource of a type that reads its own tags, just before deletion', () => {
  let account: FakeAccount;
  let restore: () => void;
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', REGION);
    account = new FakeAccount();
    restore = installFakeAws(account);
  });
  afterEach(() => {
    restore();
    vi.unstubAllEnvs();
  });

  /** A type GetResources never returns: its tags live only in the service, here `nativeTags`. */
  function selfTaggedType(nativeTags: () => Record<string, string> | Error) {
    const deleted: string[] = [];
    const resource = { ...incomplete('gap'), type: 'test:gap' };
    const type: ResourceType = {
      id: 'test:gap',
      label: 'gap',
      tagsFromList: false,
      completeReadsTags: true,
      iam: { read: [], tag: [], delete: [] },
      async *list() {
        yield resource;
      },
      async complete(_clients, resources) {
        const tags = nativeTags();
        if (tags instanceof Error) throw tags;
        return resources.map(({ needsCompletion: _, ...r }) => ({ ...r, createdAt: LONG_AGO, tags }));
      },
      async delete(_clients, r) {
        deleted.push(r.arn);
        return { status: 'deleted' };
      },
      consoleUrl: () => 'https://example.com',
    };
    return { type, resource, deleted };
  }

  const nightWith = (type: ResourceType, resource: Resource) =>
    runNight({
      config: { ...config, resourceTypes: [] },
      target: { accountId: account.accountId, region: REGION },
      notifier: new RecordingNotifier(),
      now: NOW,
      resourceTypes: [type],
      ledger: ledgerAnnouncing(account.accountId, REGION, ANNOUNCED_AT, [
        { arn: resource.arn, createdAt: LONG_AGO, deadline: DUE[MARK_TAG] },
      ]),
    });

  it('deletes it on the tags it re-reads itself, when they still carry the announced mark', async () => {
    const { type, resource, deleted } = selfTaggedType(() => ({ ...DUE }));
    const { report } = await nightWith(type, resource);
    expect(deleted).toEqual([resource.arn]);
    expect(report.deleted.map((l) => l.arn)).toEqual([resource.arn]);
  });

  it('does not delete it when its own tags now say it is managed', async () => {
    let reads = 0;
    // The first read (completion) shows the mark; the second (just before deletion) shows the fix.
    const { type, resource, deleted } = selfTaggedType(() => (++reads === 1 ? { ...DUE } : { ...DUE, ManagedBy: 'terraform' }));
    const { report } = await nightWith(type, resource);
    expect(reads).toBe(2);
    expect(deleted).toEqual([]);
    expect(report.deleted).toEqual([]);
  });

  it('does not delete it when the re-read fails, and says it could not be re-read', async () => {
    let reads = 0;
    const { type, resource, deleted } = selfTaggedType(() => (++reads === 1 ? { ...DUE } : new Error('ThrottlingException: slow down')));
    const { report } = await nightWith(type, resource);
    expect(deleted).toEqual([]);
    expect(report.skipped.map((l) => [l.arn, l.reason])).toEqual([[resource.arn, expect.stringMatching(/could not be re-read/)]]);
  });
});

class RecordingNotifier implements Notifier {
  readonly warnings: Warning[] = [];
  readonly reports: RunReport[] = [];
  async postWarning(warning: Warning) {
    this.warnings.push(warning);
    return undefined;
  }
  async postReport(report: RunReport) {
    this.reports.push(report);
  }
  async postFailure() {}
}

describe('a night with types completed on demand (SQS, DynamoDB, KMS)', () => {
  let account: FakeAccount;
  let restore: () => void;
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', REGION);
    account = new FakeAccount();
    restore = installFakeAws(account);
  });
  afterEach(() => {
    restore();
    vi.unstubAllEnvs();
  });

  /** The earlier run announced every resource seeded with a mark. */
  const announcedMarks = () =>
    ledgerAnnouncing(
      account.accountId,
      REGION,
      ANNOUNCED_AT,
      [...account.resources.values()]
        .filter((r) => r.tags[MARK_TAG] !== undefined)
        .map((r) => ({ arn: r.arn, createdAt: r.data.createdAt, deadline: r.tags[MARK_TAG]! })),
    );
  const night = (notifier = new RecordingNotifier()) =>
    runNight({
      config,
      target: { accountId: account.accountId, region: REGION },
      notifier,
      now: NOW,
      resourceTypes: enabledResourceTypes(config.resourceTypes),
      ledger: announcedMarks(),
    });

  it('reads details only for the candidates, never marks a young resource, and deletes a due one after the live re-read', async () => {
    const old = seedQueue(account, { createdAt: LONG_AGO });
    const young = seedQueue(account, { createdAt: YOUNG });
    const compliant = Array.from({ length: 5 }, () => seedQueue(account, { createdAt: LONG_AGO, tags: { ManagedBy: 'terraform' } }));
    const waiting = seedQueue(account, { createdAt: LONG_AGO, tags: { Owner: 'x', ...LATER } });
    const due = seedTable(account, { createdAt: LONG_AGO, tags: { Owner: 'x', ...DUE } });
    const youngTable = seedTable(account, { createdAt: YOUNG });
    const notifier = new RecordingNotifier();

    const { decisions, report } = await night(notifier);

    const asked = account.callsOf('GetQueueAttributes').map((c) => c.input.QueueUrl);
    expect(asked.sort()).toEqual([old.data.queueUrl, young.data.queueUrl].sort());
    expect(account.callsOf('DescribeTable').map((c) => c.input.TableName)).toEqual(
      // Once to complete each candidate, once more in the type's own delete.
      expect.arrayContaining([due.data.tableName, youngTable.data.tableName]),
    );
    const byArn = new Map(decisions.map((d) => [d.resource.arn, d.decision]));
    expect(byArn.get(young.arn)).toMatchObject({ status: 'too-young', action: 'none' });
    expect(byArn.get(youngTable.arn)).toMatchObject({ status: 'too-young', action: 'none' });
    expect(byArn.get(old.arn)).toMatchObject({ status: 'new-violation', action: 'mark' });
    expect(byArn.get(waiting.arn)).toMatchObject({ status: 'waiting', action: 'none' });
    for (const c of compliant) expect(byArn.get(c.arn)).toMatchObject({ status: 'compliant' });
    expect(notifier.warnings.flatMap((w) => w.resources.map((r) => r.arn))).toEqual([old.arn]);
    expect(account.get(old.arn).tags[MARK_TAG]).toBeDefined();
    expect(account.get(young.arn).tags[MARK_TAG]).toBeUndefined();
    expect(account.exists(due.arn)).toBe(false);
    expect(report.deleted.map((l) => l.arn)).toEqual([due.arn]);
    // Marked with its creation time known: the warning states its age.
    expect(notifier.warnings[0]!.resources[0]!.ageMs).toBe(NOW.getTime() - LONG_AGO.getTime());
  });

  it('does not schedule a key again that is already pending deletion, and leaves AWS-managed keys alone without describing them', async () => {
    const pending = seedKmsKey(account, { createdAt: LONG_AGO, keyState: 'PendingDeletion', tags: { Owner: 'x', ...DUE } });
    const awsManaged = seedKmsKey(account, { createdAt: LONG_AGO, keyManager: 'AWS', alias: 'aws/s3' });
    const stray = seedKmsKey(account, { createdAt: LONG_AGO });

    const { decisions } = await night();

    expect(account.callsOf('ScheduleKeyDeletion')).toEqual([]);
    expect(
      account
        .callsOf('DescribeKey')
        .map((c) => c.input.KeyId)
        .sort(),
    ).toEqual([pending.data.keyId, stray.data.keyId].sort());
    const byArn = new Map(decisions.map((d) => [d.resource.arn, d.decision]));
    expect(byArn.has(pending.arn)).toBe(false);
    expect(byArn.get(awsManaged.arn)).toMatchObject({ status: 'protected', action: 'none' });
    expect(byArn.get(stray.arn)).toMatchObject({ status: 'new-violation', action: 'mark' });
  });

  it('leaves the candidates of a type whose details cannot be read out of the night, and says so', async () => {
    const untagged = seedQueue(account, { createdAt: LONG_AGO });
    const due = seedQueue(account, { createdAt: LONG_AGO, tags: DUE });
    const table = seedTable(account, { createdAt: LONG_AGO });
    account.failNext('GetQueueAttributes', () => new FakeAwsError('AccessDenied', 'not authorized to perform sqs:GetQueueAttributes'));
    const notifier = new RecordingNotifier();

    const { report, decisions } = await night(notifier);

    expect(report.listingErrors).toEqual([{ type: 'sqs:queue', error: expect.stringMatching(/candidate\(s\) failed.*AccessDenied/) }]);
    expect(decisions.map((d) => d.resource.arn)).not.toContain(untagged.arn);
    expect(account.exists(due.arn)).toBe(true);
    expect(account.get(untagged.arn).tags[MARK_TAG]).toBeUndefined();
    expect(notifier.warnings.flatMap((w) => w.resources.map((r) => r.arn))).toEqual([table.arn]);
  });

  it('gives janitor plan the same second decisions, reading only', async () => {
    const young = seedQueue(account, { createdAt: YOUNG });
    const old = seedQueue(account, { createdAt: LONG_AGO });

    const plan = await planRegion({
      config,
      regions: [REGION],
      now: NOW,
      accountId: account.accountId,
      region: REGION,
      credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: 's' }),
    });

    expect(plan.tooYoung.map((l) => l.arn)).toEqual([young.arn]);
    expect(plan.mark.map((l) => l.arn)).toEqual([old.arn]);
    expect(account.mutatingCalls()).toEqual([]);
  });
});
