import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { InMemoryAnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { NO_ANNOUNCEMENTS, announcementsSince, type AnnouncementIndex } from '../../lambda/core/announcements';
import { decide, decisionPolicy } from '../../lambda/core/decide';
import { EXEMPT_TAG, MARK_TAG, type Resource } from '../../lambda/core/model';
import { parseDeadline } from '../../lambda/core/tag-values';
import { runNight } from '../../lambda/run/nightly-run';
import type { Notifier, RunReport, Warning } from '../../lambda/run/report';
import { enabledResourceTypes } from '../../lambda/resources/registry';
import { FakeAccount, type FakeResource } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedInstance } from '../fakes/services/ec2';
import { seedBucket } from '../fakes/services/s3';
import { seedQueue } from '../fakes/services/sqs';

/**
 * Random accounts, random multi-night histories: resources created, tagged, untagged, exempted,
 * deleted by others; runs skipped, repeated, frozen mid-way (a Lambda timeout); clock jitter and
 * jumps; Slack down. After every night, the invariants below must hold.
 */

const HOUR = 3_600_000;
const REGION = 'eu-west-1';
const HISTORIES = Number(process.env.PROPERTY_HISTORIES ?? 1500);
const START = new Date('2026-11-01T02:00:00Z').getTime();

const config = parseConfig({
  dryRun: false,
  slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' },
  resourceTypes: ['ec2:instance', 's3:bucket', 'sqs:queue'],
  limits: { maxMarksPerRun: 1000, maxDeletionsPerRun: 1000 },
  deletion: { secondsBetweenWaves: 0 },
});
const policy = decisionPolicy(config, 'UntaggedResourceJanitor');
const types = enabledResourceTypes(config.resourceTypes);

// ---- the random world --------------------------------------------------------------------------

type TagState = 'none' | 'iac' | 'other' | 'exempt-true' | 'exempt-future' | 'exempt-past' | 'exempt-malformed' | 'managed';
type Kind = 'instance' | 'bucket' | 'queue';

type Event =
  | { kind: 'create'; resource: Kind; tags: TagState; ageHours: number }
  | { kind: 'tag-iac' | 'untag-iac' | 'exempt' | 'unexempt' | 'corrupt-mark' | 'delete-by-others'; target: number };

type RunKind = 'normal' | 'skipped' | 'repeated' | 'frozen' | 'slack-down';

interface Night {
  events: Event[];
  run: RunKind;
  /** Minutes the run starts after (or before) the usual time; a jump moves whole days. */
  jitterMinutes: number;
  extraDays: number;
  freezeAtCall: number;
}

const tagState = fc.constantFrom<TagState>('none', 'none', 'iac', 'other', 'exempt-true', 'exempt-future', 'exempt-past', 'exempt-malformed', 'managed');
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), resource: fc.constantFrom<Kind>('instance', 'bucket', 'queue'), tags: tagState, ageHours: fc.integer({ min: 0, max: 120 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('tag-iac', 'untag-iac', 'exempt', 'unexempt', 'corrupt-mark', 'delete-by-others') as fc.Arbitrary<Exclude<Event['kind'], 'create'>>,
      target: fc.nat(),
    }),
  },
);
const night: fc.Arbitrary<Night> = fc.record({
  events: fc.array(event, { maxLength: 6 }),
  run: fc.constantFrom<RunKind>('normal', 'normal', 'normal', 'skipped', 'repeated', 'frozen', 'slack-down'),
  jitterMinutes: fc.integer({ min: -45, max: 45 }),
  extraDays: fc.constantFrom(0, 0, 0, 0, 1, 3),
  freezeAtCall: fc.integer({ min: 0, max: 40 }),
});
const history = fc.record({
  initial: fc.array(event.filter((e) => e.kind === 'create'), { minLength: 1, maxLength: 8 }),
  nights: fc.array(night, { minLength: 2, maxLength: 6 }),
});

function tagsFor(state: TagState, now: number, kind: Kind): Record<string, string> {
  const day = (offsetDays: number) => new Date(now + offsetDays * 24 * HOUR).toISOString().slice(0, 10);
  switch (state) {
    case 'none':
      return {};
    case 'iac':
      return { ManagedBy: 'terraform' };
    case 'other':
      return { Owner: 'alice' };
    case 'exempt-true':
      return { [EXEMPT_TAG]: 'true' };
    case 'exempt-future':
      return { [EXEMPT_TAG]: day(2) };
    case 'exempt-past':
      return { [EXEMPT_TAG]: day(-2) };
    case 'exempt-malformed':
      return { [EXEMPT_TAG]: 'forever' };
    case 'managed':
      return kind === 'instance' ? { 'aws:autoscaling:groupName': 'web' } : { Owner: 'bob' };
  }
}

function create(account: FakeAccount, e: Extract<Event, { kind: 'create' }>, now: number): FakeResource {
  const createdAt = new Date(now - e.ageHours * HOUR);
  const tags = tagsFor(e.tags, now, e.resource);
  if (e.resource === 'instance') return seedInstance(account, { tags, launchTime: createdAt });
  if (e.resource === 'bucket') return seedBucket(account, { tags, createdAt });
  return seedQueue(account, { tags, createdAt });
}

function apply(account: FakeAccount, e: Event, now: number, created: FakeResource[]): void {
  if (e.kind === 'create') {
    created.push(create(account, e, now));
    return;
  }
  const target = created.length > 0 ? created[e.target % created.length] : undefined;
  if (!target || !account.exists(target.arn)) return;
  // People change tags in the console: straight to the account, not through the janitor's calls.
  const tags = target.tags;
  if (e.kind === 'tag-iac') tags.ManagedBy = 'terraform';
  if (e.kind === 'untag-iac') delete tags.ManagedBy;
  if (e.kind === 'exempt') tags[EXEMPT_TAG] = 'true';
  if (e.kind === 'unexempt') delete tags[EXEMPT_TAG];
  if (e.kind === 'corrupt-mark' && tags[MARK_TAG] !== undefined) tags[MARK_TAG] = 'next tuesday';
  if (Object.keys(tags).length > 0) target.everTagged = true;
  if (e.kind === 'delete-by-others') account.resources.delete(target.arn);
}

// ---- what the janitor is allowed to do ----------------------------------------------------------

class RecordingNotifier implements Notifier {
  readonly warnings: { callIndex: number; arns: Set<string> }[] = [];
  down = false;
  constructor(private readonly account: FakeAccount) {}
  async postWarning(warning: Warning): Promise<void> {
    if (this.down) throw new Error('Slack chat.postMessage failed: HTTP 503');
    this.warnings.push({ callIndex: this.account.calls.length, arns: new Set(warning.resources.map((r) => r.arn)) });
  }
  async postReport(_report: RunReport): Promise<void> {
    if (this.down) throw new Error('Slack chat.postMessage failed: HTTP 503');
  }
  async postFailure(): Promise<void> {}
}

/** What the checks know of a resource besides its tags: its type and when it was created. */
interface Facts {
  readonly type: string;
  readonly createdAt?: Date;
}

function asResource(fake: { arn: string }, tags: Record<string, string>, facts: Facts): Resource {
  return { type: facts.type, arn: fake.arn, id: fake.arn, region: REGION, accountId: '123456789012', tags, createdAt: facts.createdAt };
}

interface Ledger {
  removalsChecked: number;
  writesChecked: number;
}

/** Invariants about every deletion and every mark written so far. */
interface RunStart {
  callIndex: number;
  now: number;
  /** The announcement ledger as the run read it. */
  announcements: AnnouncementIndex;
}

function checkActions(account: FakeAccount, notifier: RecordingNotifier, runStarts: RunStart[], ledger: Ledger, factsByArn: Map<string, Facts>) {
  const runAt = (callIndex: number) => [...runStarts].reverse().find((r) => r.callIndex <= callIndex)!;

  for (const removal of account.removals.slice(ledger.removalsChecked)) {
    const { now, callIndex: runStart, announcements } = runAt(removal.callIndex);
    const decision = decide(asResource(removal, removal.tags, factsByArn.get(removal.arn)!), new Date(now), policy, announcements);
    // Deleted only when, as read just before deletion, it was due: validly marked, deadline passed,
    // non-compliant, not exempt, not protected.
    expect(decision.status, `${removal.arn} deleted while ${decision.status}: ${decision.reason}`).toBe('due');
    const deadline = parseDeadline(removal.tags[MARK_TAG])!;
    expect(deadline.getTime()).toBeLessThanOrEqual(now);
    // Announced in Slack in an earlier run, before it was marked.
    const announced = notifier.warnings.some((w) => w.callIndex < runStart && w.arns.has(removal.arn));
    expect(announced, `${removal.arn} deleted without an earlier warning`).toBe(true);
  }
  ledger.removalsChecked = account.removals.length;

  for (const write of account.tagWrites.slice(ledger.writesChecked)) {
    if (write.written[MARK_TAG] === undefined) continue;
    // Marked only after a warning in the same run listed it.
    const { callIndex: runStart, now, announcements } = runAt(write.callIndex);
    const warned = notifier.warnings.some((w) => w.callIndex >= runStart && w.callIndex <= write.callIndex && w.arns.has(write.arn));
    expect(warned, `${write.arn} marked without a warning first`).toBe(true);
    // And only when it really was a violation at that moment, old enough to be marked (minimumAgeHours).
    const status = decide(asResource(write, write.before, factsByArn.get(write.arn)!), new Date(now), policy, announcements).status;
    expect(['new-violation', 'malformed-mark', 'unannounced-mark', 'stale-mark'], `${write.arn} marked while ${status}`).toContain(status);
    // Never moves its own deadline: a valid mark is rewritten only when no fresh announcement backs it.
    const previous = write.before[MARK_TAG];
    if (previous !== undefined && parseDeadline(previous) !== undefined) {
      expect(['unannounced-mark', 'stale-mark'], `${write.arn} re-marked over its announced mark ${previous}`).toContain(status);
    }
  }
  ledger.writesChecked = account.tagWrites.length;
}

/** After a run that completed: nothing compliant, exempt or protected carries a mark. */
function checkSettledState(account: FakeAccount, now: number) {
  for (const r of account.resources.values()) {
    if (r.tags[MARK_TAG] === undefined) continue;
    const status = decide(asResource(r, r.tags, { type: r.type, createdAt: r.data.createdAt ?? r.data.launchTime }), new Date(now), policy, NO_ANNOUNCEMENTS).status;
    expect(['compliant', 'exempt', 'protected'], `${r.arn} still marked while ${status}`).not.toContain(status);
    expect(parseDeadline(r.tags[MARK_TAG]), `${r.arn} left with a malformed mark`).toBeDefined();
  }
}

// ---- the property ------------------------------------------------------------------------------

let account: FakeAccount;
let restore: () => void;
let historiesRun = 0;
const seen = { deletions: 0, marks: 0, frozenRuns: 0, failedRuns: 0, completedRuns: 0 };

beforeEach(() => {
  vi.stubEnv('AWS_REGION', REGION);
});
afterEach(() => vi.unstubAllEnvs());
afterAll(() => {
  console.log(
    `property: ${historiesRun} random histories checked (${seen.completedRuns} runs completed, ${seen.failedRuns} failed, ` +
      `${seen.frozenRuns} frozen mid-way; ${seen.marks} marks and ${seen.deletions} deletions verified)`,
  );
});

describe('the janitor never deletes what it must not', () => {
  it(`holds over ${HISTORIES} random multi-night histories`, async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ initial, nights }) => {
        account = new FakeAccount();
        restore = installFakeAws(account);
        try {
          const notifier = new RecordingNotifier(account);
          const created: FakeResource[] = [];
          const runStarts: RunStart[] = [];
          const announcementLedger = new InMemoryAnnouncementLedger();
          const ledger: Ledger = { removalsChecked: 0, writesChecked: 0 };
          const factsByArn = new Map<string, Facts>();
          let day = START;
          for (const e of initial) apply(account, e, day, created);

          for (const n of nights) {
            day += (1 + n.extraDays) * 24 * HOUR;
            const now = day + n.jitterMinutes * 60_000;
            for (const e of n.events) apply(account, e, now, created);
            for (const r of account.resources.values()) factsByArn.set(r.arn, { type: r.type, createdAt: r.data.createdAt ?? r.data.launchTime });
            if (n.run === 'skipped') continue;

            const runOnce = async (at: number, freeze?: number): Promise<'completed' | 'failed' | 'frozen'> => {
              const since = announcementsSince(new Date(at), policy.gracePeriodMs, policy.maxPastDeadlineMs);
              runStarts.push({ callIndex: account.calls.length, now: at, announcements: await announcementLedger.read(account.accountId, REGION, since) });
              if (freeze !== undefined) account.freezeAtCall = account.calls.length + freeze;
              const frozen = account.whenFrozen().then(() => 'frozen' as const);
              const run = runNight({ config, target: { accountId: account.accountId, region: REGION }, notifier, now: new Date(at), ownStackName: 'UntaggedResourceJanitor', resourceTypes: types, ledger: announcementLedger })
                .then(() => 'completed' as const)
                .catch(() => 'failed' as const);
              const outcome = await Promise.race([run, frozen]);
              account.freezeAtCall = undefined;
              seen[outcome === 'completed' ? 'completedRuns' : outcome === 'failed' ? 'failedRuns' : 'frozenRuns'] += 1;
              return outcome;
            };

            notifier.down = n.run === 'slack-down';
            const outcome = await runOnce(now, n.run === 'frozen' ? n.freezeAtCall : undefined);
            notifier.down = false;
            checkActions(account, notifier, runStarts, ledger, factsByArn);
            if (outcome === 'completed') checkSettledState(account, now);
            if (n.run === 'repeated' || n.run === 'frozen') {
              // Someone re-runs the night (or the next invocation picks up after the timeout).
              const again = now + 20 * 60_000;
              if ((await runOnce(again)) === 'completed') checkSettledState(account, again);
              checkActions(account, notifier, runStarts, ledger, factsByArn);
            }
          }
          historiesRun += 1;
          seen.deletions += account.removals.length;
          seen.marks += account.tagWrites.filter((w) => w.written[MARK_TAG] !== undefined).length;
        } finally {
          restore();
        }
      }),
      { numRuns: HISTORIES, endOnFailure: true },
    );
    expect(historiesRun).toBeGreaterThanOrEqual(HISTORIES);
  }, 600_000);
});

