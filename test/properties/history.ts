import { expect } from 'vitest';
import { InMemoryAnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { parseConfig } from '../../lambda/config';
import { type AnnouncementIndex, announcementsSince, NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { decide, decisionPolicy } from '../../lambda/core/decide';
import { evidenceFrom, type IacEvidence } from '../../lambda/core/iac-evidence';
import { type DecidedResource, MARK_TAG, type Resource } from '../../lambda/core/model';
import type { Notifier, RunReport, Warning } from '../../lambda/core/report';
import { parseDeadline } from '../../lambda/core/tag-values';
import { enabledResourceTypes } from '../../lambda/resources/registry';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { runNight } from '../../lambda/run/nightly-run';
import { FakeAccount, FakeAwsError, type FakeResource } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { finishFirewallDeletions } from '../fakes/services/network-firewall';
import { setUpResourceExplorer } from '../fakes/services/resource-explorer';
import { finishResolverDeletions } from '../fakes/services/route53resolver';
import { type Census, countPath, countSituation } from './census';
import { apply, DAG_BUCKET_OF, DAY, FORWARDED_TO, type History, HOUR, type Night, REGION, ROUTED_THROUGH, situationOf } from './world';

/** One random multi-night history against a fresh fake account; throws when an invariant breaks. */

const START = new Date('2026-11-01T02:00:00Z').getTime();
const STACK = 'UntaggedResourceJanitor';

export const config = parseConfig({
  dryRun: false,
  slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' },
  resourceTypes: [
    'ec2:instance',
    's3:bucket',
    'sqs:queue',
    'rds:snapshot',
    'route53resolver:resolver-endpoint',
    'network-firewall:firewall',
  ],
  limits: { maxMarksPerRun: 1000, maxDeletionsPerRun: 1000 },
  deletion: { secondsBetweenWaves: 0 },
});
export const policy = decisionPolicy(config, STACK);
/** The same janitor with targets.resourceExplorerPrecheck on. */
const withPrecheck = { ...config, targets: { ...config.targets, resourceExplorerPrecheck: true } };
const MAX_PAST_DEADLINE_MS = config.deletion.maxDaysPastDeadline * DAY;

export interface HistoryOptions {
  /** The plug-ins the janitor runs with; a deliberately broken variant passes its own. */
  readonly types?: readonly ResourceType[];
}

class RecordingNotifier implements Notifier {
  readonly warnings: { callIndex: number; arns: Set<string> }[] = [];
  down = false;
  constructor(private readonly account: FakeAccount) {}
  async postWarning(warning: Warning): Promise<undefined> {
    if (this.down) throw new Error('Slack chat.postMessage failed: HTTP 503');
    this.warnings.push({ callIndex: this.account.calls.length, arns: new Set(warning.resources.map((r) => r.arn)) });
    return undefined;
  }
  async postReport(_report: RunReport): Promise<void> {
    if (this.down) throw new Error('Slack chat.postMessage failed: HTTP 503');
  }
  async postFailure(): Promise<void> {}
}

/**
 * What the checks know of a resource besides its tags: its type, its real creation time and, from
 * how the world made it (not from any plug-in), whether it must never be deleted and why.
 */
interface Facts {
  readonly type: string;
  readonly createdAt?: Date;
  /** The per-creation id of a type without a creation time (a firewall's FirewallId). */
  readonly identity?: string;
  readonly mustSurvive?: string;
}

interface RunStart {
  readonly callIndex: number;
  readonly now: number;
  /** The ledger as this run read it, for the engine's own decision. */
  readonly announcements: AnnouncementIndex;
  /** What the IaC states named when this run started, and whether they could be read. */
  readonly evidence: IacEvidence;
}

/** Everything one history keeps between its nights. */
interface World {
  readonly account: FakeAccount;
  readonly notifier: RecordingNotifier;
  readonly ledger: InMemoryAnnouncementLedger;
  readonly created: FakeResource[];
  readonly runStarts: RunStart[];
  readonly facts: Map<string, Facts>;
  readonly checked: { removals: number; writes: number };
  /** Situations that arose since the last run: the next run's deletions are counted against them. */
  pending: string[];
}

/** Reasons to survive that a plug-in reads only at deletion time: such a resource may still be marked. */
const READ_AT_DELETION = new Set(['shared with another account', FORWARDED_TO, ROUTED_THROUGH, DAG_BUCKET_OF]);

/**
 * The resource as the checks judge it. A snapshot's sharing and an endpoint's forwarding rules are
 * read only at deletion time, so it may be marked; every other reason it must survive is a
 * protection the decision must know.
 */
function asResource(arn: string, tags: Record<string, string>, facts: Facts): Resource {
  const known = facts.mustSurvive && !READ_AT_DELETION.has(facts.mustSurvive) ? { protectedBecause: facts.mustSurvive } : {};
  const identity = facts.identity ? { identity: facts.identity } : {};
  return {
    type: facts.type,
    arn,
    id: arn,
    region: REGION,
    accountId: '123456789012',
    tags,
    createdAt: facts.createdAt,
    ...identity,
    ...known,
  };
}

const creationOf = (r: FakeResource): Date | undefined => r.data.createdAt ?? r.data.launchTime;
const factsOf = (r: FakeResource): Facts => ({
  type: r.type,
  createdAt: creationOf(r),
  identity: r.type === 'network-firewall:firewall' ? r.data.id : undefined,
  mustSurvive: r.data.mustSurvive,
});

export async function runHistory({ initial, nights }: History, census: Census, options: HistoryOptions = {}): Promise<void> {
  const account = new FakeAccount();
  const restore = installFakeAws(account);
  try {
    const world: World = {
      account,
      notifier: new RecordingNotifier(account),
      ledger: new InMemoryAnnouncementLedger(),
      created: [],
      runStarts: [],
      facts: new Map(),
      checked: { removals: 0, writes: 0 },
      pending: [],
    };
    let day = START;
    for (const e of initial) apply(account, e, day, world.created);
    for (const n of nights) {
      day += (1 + n.pauseDays) * DAY;
      await runNightOfHistory(world, n, day + n.jitterMinutes * 60_000, census, options);
    }
    census.histories += 1;
    census.deletionsChecked += account.removals.length;
    census.marksChecked += account.tagWrites.filter((w) => w.written[MARK_TAG] !== undefined).length;
  } finally {
    restore();
  }
  // Clients of SDK versions older than @smithy/core's file interceptor (Route 53 Resolver's, MWAA's)
  // read ~/.aws/config through their own loader, which settles only when the event loop turns;
  // the fakes answer on microtasks, so without this turn every such client of every history stays reachable.
  await new Promise((resolve) => setImmediate(resolve));
}

async function runNightOfHistory(world: World, n: Night, now: number, census: Census, options: HistoryOptions): Promise<void> {
  const { account } = world;
  for (const e of n.events) {
    const situation = apply(account, e, now, world.created) ? situationOf(e) : undefined;
    if (situation) world.pending.push(situation);
  }
  if (n.pauseDays * DAY > MAX_PAST_DEADLINE_MS) world.pending.push('pause longer than maxDaysPastDeadline');
  for (const r of account.resources.values()) world.facts.set(r.arn, factsOf(r));
  if (n.run === 'skipped') return;
  world.pending.push(RUN_SITUATIONS[n.run] ?? `${n.run} run`);

  world.notifier.down = n.run === 'slack-down';
  if (n.run === 'throttled') {
    account.failNext(n.throttle.command, () => new FakeAwsError('ThrottlingException', 'Rate exceeded'), n.throttle.times);
  }
  if (n.evidence === 'unreadable') world.pending.push('IaC evidence unreadable');
  arrangeExplorer(world, n.explorer, now);
  const outcome = await runOnce(world, now, census, options, n, n.run === 'frozen' ? n.freezeAtCall : undefined);
  world.notifier.down = false;
  checkAfterRun(world, census, outcome, now);
  if (n.run === 'repeated' || n.run === 'frozen') {
    // Someone re-runs the night (or the next invocation picks up after the timeout).
    const again = now + 20 * 60_000;
    checkAfterRun(world, census, await runOnce(world, again, census, options, n), again);
  }
}

/** The region's Resource Explorer as the night has it; with the pre-check off it is not asked. */
function arrangeExplorer(world: World, explorer: Night['explorer'], now: number): void {
  if (explorer === 'off') return;
  world.pending.push(`Resource Explorer pre-check on, ${explorer}`);
  setUpResourceExplorer(world.account, [REGION], {
    indexCreatedAt: explorer === 'young-index' ? new Date(now - 3 * HOUR) : new Date(START - 30 * DAY),
    viewFilter: explorer === 'filtered-view' ? 'tag.key:ManagedBy' : '',
  });
}

const RUN_SITUATIONS: Partial<Record<Night['run'], string>> = {
  'slack-down': 'slack down',
  frozen: 'frozen run',
  throttled: 'throttled run',
  repeated: 'repeated run',
};

/** How the snapshot plug-in's protections begin (lambda/resources/rds-snapshot-common.ts), and AWS's own tags. */
const SNAPSHOT_PROTECTIONS = [
  'final snapshot the janitor took',
  'created by AWS Backup',
  'status ',
  'managed by an AWS service (tag aws:backup',
];

/**
 * How a run ended. `completed` carries the types the pre-check skipped: their marks stay as they
 * were (unlisted, so neither unmarked nor deleted) until a night lists them.
 */
type Outcome = { readonly kind: 'completed'; readonly skipped: ReadonlySet<string> } | 'completed with failures' | 'failed' | 'frozen';

async function runOnce(world: World, at: number, census: Census, options: HistoryOptions, n: Night, freeze?: number): Promise<Outcome> {
  const { account } = world;
  const since = announcementsSince(new Date(at), policy.gracePeriodMs, policy.maxPastDeadlineMs);
  const evidence = evidenceOf(account, n.evidence);
  world.runStarts.push({
    callIndex: account.calls.length,
    now: at,
    announcements: await world.ledger.read(account.accountId, REGION, since),
    evidence,
  });
  if (freeze !== undefined) account.freezeAtCall = account.calls.length + freeze;
  const frozen = account.whenFrozen().then(() => 'frozen' as const);
  const run = runNight({
    config: n.explorer === 'off' ? config : withPrecheck,
    target: { accountId: account.accountId, region: REGION },
    notifier: world.notifier,
    now: new Date(at),
    ownStackName: STACK,
    resourceTypes: options.types ?? enabledResourceTypes(config.resourceTypes),
    ledger: world.ledger,
    evidence,
  }).then(
    (result) => {
      countPaths(census, result.decisions);
      // A refused call (throttled) leaves what it concerned as it was: a type not listed, a tag not written.
      const { failed, skipped, listingErrors, listingScope } = result.report;
      const unlisted = new Set(listingScope && 'skippedTypes' in listingScope ? listingScope.skippedTypes : []);
      if (unlisted.size > 0) countHiddenSkipped(world, census, unlisted);
      return failed.length + skipped.length + listingErrors.length === 0
        ? { kind: 'completed' as const, skipped: unlisted }
        : ('completed with failures' as const);
    },
    () => 'failed' as const,
  );
  const outcome = await Promise.race([run, frozen]);
  account.freezeAtCall = undefined;
  // Minutes later the endpoints and firewalls being deleted are gone (the removal is this run's: no call came between).
  finishResolverDeletions(account);
  finishFirewallDeletions(account);
  census.runs[typeof outcome === 'object' || outcome === 'completed with failures' ? 'completed' : outcome] += 1;
  return outcome;
}

/** A type skipped while a resource of it existed (missing from the index): the case the pre-check delays. */
function countHiddenSkipped(world: World, census: Census, unlisted: ReadonlySet<string>): void {
  if ([...world.account.resources.values()].some((r) => unlisted.has(r.type))) {
    countSituation(census, 'a type skipped by the pre-check while a resource of it exists', 0);
  }
}

/** The resources the world's IaC state names, by ARN; unreadable: a problem, as a denied S3 read would be. */
function evidenceOf(account: FakeAccount, readable: Night['evidence']): IacEvidence {
  const named = [...account.resources.values()].filter((r) => r.data.inIacState === true);
  const problems =
    readable === 'unreadable' ? [{ source: 'terraform s3://world-state/net.tfstate', error: 'AccessDenied: Access Denied' }] : [];
  return evidenceFrom({ identities: named.map((r) => ({ value: r.arn, by: 'terraform s3://world-state/net.tfstate' })), problems });
}

function countPaths(census: Census, decisions: readonly DecidedResource[]): void {
  for (const { decision } of decisions) countPath(census, pathOf(decision.status, decision.reason));
}

function pathOf(status: string, reason: string): string {
  if (status === 'unannounced-mark') {
    if (reason.includes('further away than one grace period')) return 'unannounced-mark: far-future';
    if (reason.includes('earlier resource with this ARN')) return 'unannounced-mark: re-created';
    return 'unannounced-mark: never announced';
  }
  if (status === 'protected' && reason.startsWith('managed by a controller')) return 'protected: controller';
  if (status === 'protected' && SNAPSHOT_PROTECTIONS.some((p) => reason.startsWith(p))) return 'protected: snapshot';
  return status;
}

function checkAfterRun(world: World, census: Census, outcome: Outcome, now: number): void {
  const before = world.checked.removals;
  checkDeletions(world);
  checkMarks(world);
  const deletions = world.checked.removals - before;
  for (const situation of world.pending) countSituation(census, situation, deletions);
  world.pending = [];
  if (typeof outcome === 'object') {
    checkSettledState(world.account, now, runAt(world, world.account.calls.length).evidence, outcome.skipped);
  }
}

const runAt = (world: World, callIndex: number) => [...world.runStarts].reverse().find((r) => r.callIndex <= callIndex)!;

/**
 * Every deletion was of a resource that, read just before deletion, was due — and, checked here
 * independently of the engine's own gate, announced by an earlier run: that very resource (same
 * creation time), that very deadline, passed at most maxDaysPastDeadline ago — and named in a
 * Slack warning of an earlier run.
 */
function checkDeletions(world: World): void {
  for (const removal of world.account.removals.slice(world.checked.removals)) {
    const run = runAt(world, removal.callIndex);
    const facts = world.facts.get(removal.arn)!;
    expect(facts.mustSurvive, `${removal.arn} deleted though ${facts.mustSurvive}`).toBeUndefined();
    // Independently of the engine: never what an IaC state names, never on a night it was unreadable.
    expect(
      run.evidence.managerOf({ arn: removal.arn, id: removal.arn }),
      `${removal.arn} deleted while an IaC state names it`,
    ).toBeUndefined();
    expect(run.evidence.problems, `${removal.arn} deleted on a night the IaC evidence was unreadable`).toEqual([]);
    const decision = decide(asResource(removal.arn, removal.tags, facts), new Date(run.now), policy, run.announcements, run.evidence);
    expect(decision.status, `${removal.arn} deleted while ${decision.status}: ${decision.reason}`).toBe('due');

    const mark = removal.tags[MARK_TAG];
    const deadline = parseDeadline(mark!)!.getTime();
    expect(deadline, `${removal.arn} deleted before its deadline ${mark}`).toBeLessThanOrEqual(run.now);
    expect(run.now - deadline, `${removal.arn} deleted on a deadline ${mark} passed too long ago`).toBeLessThanOrEqual(
      MAX_PAST_DEADLINE_MS,
    );
    const identity = facts.createdAt?.toISOString() ?? facts.identity;
    const announced = world.ledger.runs.some(
      (r) =>
        r.announcedAt.getTime() < run.now &&
        r.announcements.some((a) => a.arn === removal.arn && a.deadline === mark && a.identity === identity),
    );
    expect(announced, `${removal.arn} deleted without an earlier announcement of it with deadline ${mark}`).toBe(true);
    const warned = world.notifier.warnings.some((w) => w.callIndex < run.callIndex && w.arns.has(removal.arn));
    expect(warned, `${removal.arn} deleted without an earlier warning`).toBe(true);
  }
  world.checked.removals = world.account.removals.length;
}

/**
 * Every mark was written after a warning in the same run listed the resource, only on a violation
 * old enough to be marked, and never over the janitor's own announced deadline (it never moves one).
 */
function checkMarks(world: World): void {
  for (const write of world.account.tagWrites.slice(world.checked.writes)) {
    if (write.written[MARK_TAG] === undefined) continue;
    const run = runAt(world, write.callIndex);
    const warned = world.notifier.warnings.some(
      (w) => w.callIndex >= run.callIndex && w.callIndex <= write.callIndex && w.arns.has(write.arn),
    );
    expect(warned, `${write.arn} marked without a warning first`).toBe(true);
    expect(run.evidence.managerOf({ arn: write.arn, id: write.arn }), `${write.arn} marked while an IaC state names it`).toBeUndefined();
    expect(run.evidence.problems, `${write.arn} marked on a night the IaC evidence was unreadable`).toEqual([]);
    const status = decide(
      asResource(write.arn, write.before, world.facts.get(write.arn)!),
      new Date(run.now),
      policy,
      run.announcements,
      run.evidence,
    ).status;
    expect(['new-violation', 'malformed-mark', 'unannounced-mark', 'stale-mark'], `${write.arn} marked while ${status}`).toContain(status);
    const previous = write.before[MARK_TAG];
    if (previous !== undefined && parseDeadline(previous) !== undefined) {
      expect(['unannounced-mark', 'stale-mark'], `${write.arn} re-marked over its announced mark ${previous}`).toContain(status);
    }
  }
  world.checked.writes = world.account.tagWrites.length;
}

/**
 * After a run that completed: nothing compliant, exempt or protected carries a mark, and no mark is
 * malformed — except on a resource whose exemption is malformed, which is not touched at all, and
 * on resources of a type the pre-check did not list tonight.
 */
function checkSettledState(account: FakeAccount, now: number, evidence: IacEvidence, unlisted: ReadonlySet<string>): void {
  for (const r of account.resources.values()) {
    if (r.tags[MARK_TAG] === undefined || unlisted.has(r.type)) continue;
    const status = decide(asResource(r.arn, r.tags, factsOf(r)), new Date(now), policy, NO_ANNOUNCEMENTS, evidence).status;
    expect(['compliant', 'managed', 'exempt', 'misspelt-exemption', 'protected'], `${r.arn} still marked while ${status}`).not.toContain(
      status,
    );
    if (status !== 'malformed-exemption') expect(parseDeadline(r.tags[MARK_TAG]), `${r.arn} left with a malformed mark`).toBeDefined();
  }
}
