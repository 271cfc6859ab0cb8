import type { ReportTally } from '../core/metrics';
import { type OrgDigest, orgDigestOf } from '../core/org-digest';
import { countsHaveNews, type Notifier, type RunReport } from '../core/report';
import type { AccountRunSummary, SweepTarget, TargetResult } from '../core/run-results';
import { logger } from '../logger';
import { groupBy } from '../util/collections';
import { mapBounded } from '../util/concurrency';
import { errorText } from '../util/errors';
import type { LastReportedRun, PlannedRun } from './plan-run';
import { type RunStore, runKeys } from './run-store';
import { errorFromCatch, summarizeRun, summaryIsWorthPosting } from './run-summary';

/** The Distributed Map's output when it writes its results to S3. */
export interface MapRunOutput {
  readonly ResultWriterDetails: { readonly Bucket: string; readonly Key: string };
}

/** The report step's input, assembled by the state machine. */
export interface ReportEvent {
  readonly runId: string;
  /** The plan step's output: when the run started, recorded once it is reported. */
  readonly plan?: Pick<PlannedRun, 'startedAt'>;
  readonly sweep: MapRunOutput;
}

export interface RunSummaryNotifier {
  postAccountSummary(summary: AccountRunSummary): Promise<void>;
  postOrgDigest(digest: OrgDigest): Promise<void>;
}

export interface ReportOutcome {
  /** False when the time budget ran out first: the state machine invokes the step again, which resumes. */
  readonly done: boolean;
  readonly accounts: number;
  readonly targets: number;
  readonly failedTargets: number;
  /** Account summaries posted so far in this run (by every invocation). */
  readonly posted: number;
  /** Accounts whose summary could not be posted. */
  readonly unposted: readonly string[];
}

/** What the report has posted so far, kept beside the run so a resumed invocation posts nothing twice. */
interface ReportProgress {
  readonly posted: string[];
  readonly failed: { readonly accountId: string; readonly error: string }[];
  digestPosted: boolean;
}

interface ManifestFile {
  readonly Key: string;
}
interface Manifest {
  readonly ResultFiles?: { readonly SUCCEEDED?: ManifestFile[]; readonly FAILED?: ManifestFile[]; readonly PENDING?: ManifestFile[] };
}
/** One child execution in a result file (Transformation NONE): its input and output as JSON strings. */
interface ChildExecution {
  readonly Input?: string;
  readonly Output?: string;
  readonly Status?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * Every target result of a Map run, read from what ResultWriter put in S3: the manifest lists the
 * result files by status. A child execution that failed outright (no Catch output) still names its
 * target through its input.
 */
export async function readMapResults(store: RunStore, manifestKey: string): Promise<TargetResult[]> {
  const manifest = await store.getJson<Manifest>(manifestKey);
  const files = manifest.ResultFiles ?? {};
  const results: TargetResult[] = [];
  for (const file of [...(files.SUCCEEDED ?? []), ...(files.FAILED ?? []), ...(files.PENDING ?? [])]) {
    for (const child of await store.getJson<ChildExecution[]>(file.Key)) {
      const output = parseJson<TargetResult | (SweepTarget & { status: 'failed'; error: { Error?: string; Cause?: string } })>(
        child.Output,
      );
      if (output?.status === 'swept') {
        results.push(output);
        continue;
      }
      if (output?.status === 'failed') {
        // The state machine's Catch passes the raw error object; a Lambda's Cause is JSON.
        results.push({ ...output, error: typeof output.error === 'string' ? output.error : errorFromCatch(output.error) });
        continue;
      }
      const input = parseJson<SweepTarget>(child.Input);
      if (!input?.accountId || !input.region) {
        logger.error('a map result names no target', { status: child.Status, error: child.Error });
        continue;
      }
      const error =
        child.Status === 'SUCCEEDED' ? 'the sweep returned no result' : errorFromCatch(child) || `child execution ${child.Status}`;
      results.push({ accountId: input.accountId, region: input.region, status: 'failed', error });
    }
  }
  return results;
}

/** A report read back from JSON: its dates were written as ISO strings. */
export function reviveReport(raw: RunReport): RunReport {
  return {
    ...raw,
    startedAt: new Date(raw.startedAt),
    ...(raw.keptFromSlack
      ? {
          keptFromSlack: raw.keptFromSlack.map((k) => ({
            ...k,
            at: new Date(k.at),
            until: k.until === undefined || k.until === 'forever' ? k.until : new Date(k.until),
          })),
        }
      : {}),
  };
}

export interface ReportDependencies {
  readonly store: RunStore;
  /** A notifier posting to one channel, paced at Slack's per-channel rate. */
  readonly notifierFor: (channel: string) => RunSummaryNotifier;
  /** `slack.channel`: accounts no route selects, and the organization digest. */
  readonly defaultChannel: string;
  readonly dryRun: boolean;
  /** `slack.postWhenNothingHappened`: also post accounts where nothing happened. */
  readonly postWhenNothingHappened: boolean;
  /** Post the organization digest (a run over several accounts, or with routes). */
  readonly orgDigest: boolean;
  /** The invocation's remaining time (Lambda's); absent: no budget. */
  readonly remainingMs?: () => number;
  /** Told the run's totals once, by the invocation that finishes the report (also when it then throws), for metrics. */
  readonly onReported?: (tally: ReportTally) => void;
}

/** No new account summary is started with less time left than this: a long one takes a few dozen seconds. */
export const REPORT_SAFETY_MS = 90_000;
/** How a failed organization digest is recorded among the failed summaries. */
const DIGEST_FAILURE = 'organization digest';
/** Channels posted to at the same time; each channel's messages go one after another. */
const CHANNELS_AT_ONCE = 4;

/**
 * The run's report: one summary per account (detailed lists in its thread) in its channel, then
 * the organization digest. Channels are posted in parallel, each in account order at Slack's rate.
 * Progress is kept beside the run: when the time budget runs out the step returns `done: false`
 * and the next invocation resumes, so no account is posted twice and none is lost. Posting goes on
 * when one account fails; the failures are thrown once everything else is posted.
 */
export async function reportRun(event: ReportEvent, deps: ReportDependencies): Promise<ReportOutcome> {
  const { store } = deps;
  const planned = await store.getJson<SweepTarget[]>(runKeys.targets(event.runId));
  const results = await readMapResults(store, event.sweep.ResultWriterDetails.Key);
  const { reports, unreadable } = await readReports(store, event.runId, results);
  const summaries = summarizeRun({ runId: event.runId, dryRun: deps.dryRun, planned, results, reports, unreadable });
  const channelByAccount = new Map(planned.map((t) => [t.accountId, t.channel ?? deps.defaultChannel]));
  const channelOf = (accountId: string) => channelByAccount.get(accountId) ?? deps.defaultChannel;

  const progressKey = runKeys.reportProgress(event.runId);
  const progress = (await store.getJsonIfPresent<ReportProgress>(progressKey)) ?? { posted: [], failed: [], digestPosted: false };
  const save = serialized(() => store.putJson(progressKey, progress));
  const worthPosting = summaries.filter((s) => summaryIsWorthPosting(s, deps.postWhenNothingHappened));
  await postSummaries(unhandled(worthPosting, progress), { deps, channelOf, progress, save });

  const failedTargets = summaries.flatMap((s) =>
    s.regions.filter((r) => r.status === 'failed').map((r) => ({ accountId: s.accountId, ...r })),
  );
  const outcome = (done: boolean): ReportOutcome => ({
    done,
    accounts: summaries.length,
    targets: summaries.reduce((n, s) => n + s.regions.length, 0),
    failedTargets: failedTargets.length,
    posted: progress.posted.length,
    unposted: progress.failed.map((f) => f.accountId),
  });
  const left = unhandled(worthPosting, progress);
  if (left.length > 0) {
    logger.info('report step out of time: the next invocation resumes', {
      runId: event.runId,
      posted: progress.posted.length,
      left: left.length,
    });
    return outcome(false);
  }
  if (deps.orgDigest && !progress.digestPosted) {
    await postDigest(orgDigestOf({ runId: event.runId, dryRun: deps.dryRun, summaries, reports, channelOf }), { deps, progress, save });
  }
  for (const failed of failedTargets) logger.error('target failed', failed);
  logger.info('run reported', {
    runId: event.runId,
    accounts: summaries.length,
    targets: planned.length,
    failedTargets: failedTargets.length,
  });
  const digestFailed = progress.failed.some((f) => f.accountId === DIGEST_FAILURE);
  deps.onReported?.({
    accounts: summaries.length,
    failedTargets: failedTargets.length,
    summariesPosted: progress.posted.length,
    summariesFailed: progress.failed.length - (digestFailed ? 1 : 0),
    digestPosted: deps.orgDigest ? progress.digestPosted : undefined,
  });
  if (progress.failed.length > 0) {
    throw new Error(`the run summary could not be posted for ${progress.failed.map((f) => `${f.accountId}: ${f.error}`).join('; ')}`);
  }
  if (event.plan) {
    const reported: LastReportedRun = { runId: event.runId, startedAt: event.plan.startedAt };
    await store.putJson(runKeys.lastReported, reported);
  }
  return outcome(true);
}

/** The summaries neither posted nor failed in an earlier invocation. */
function unhandled(summaries: readonly AccountRunSummary[], progress: ReportProgress): AccountRunSummary[] {
  const handled = new Set([...progress.posted, ...progress.failed.map((f) => f.accountId)]);
  return summaries.filter((s) => !handled.has(s.accountId));
}

interface Posting {
  readonly deps: ReportDependencies;
  readonly progress: ReportProgress;
  /** Stores the progress; calls are serialized, so the last write holds everything. */
  readonly save: () => Promise<void>;
}

/** Channels in parallel, each channel's summaries one after another; stops starting new ones when time runs short. */
async function postSummaries(
  pending: readonly AccountRunSummary[],
  { deps, channelOf, progress, save }: Posting & { readonly channelOf: (accountId: string) => string },
): Promise<void> {
  const outOfTime = () => deps.remainingMs !== undefined && deps.remainingMs() < REPORT_SAFETY_MS;
  const byChannel = groupBy(pending, (s) => channelOf(s.accountId));
  await mapBounded([...byChannel], CHANNELS_AT_ONCE, async ([channel, ofChannel]) => {
    const notifier = deps.notifierFor(channel);
    for (const summary of ofChannel) {
      if (outOfTime()) return;
      try {
        await notifier.postAccountSummary(summary);
        progress.posted.push(summary.accountId);
      } catch (error) {
        progress.failed.push({ accountId: summary.accountId, error: `${channel}: ${errorText(error)}` });
        logger.error('posting an account summary failed', { accountId: summary.accountId, channel, error: errorText(error) });
      }
      await save();
    }
  });
}

async function postDigest(digest: OrgDigest, { deps, progress, save }: Posting): Promise<void> {
  try {
    await deps.notifierFor(deps.defaultChannel).postOrgDigest(digest);
    progress.digestPosted = true;
  } catch (error) {
    progress.failed.push({ accountId: DIGEST_FAILURE, error: `${deps.defaultChannel}: ${errorText(error)}` });
    logger.error('posting the organization digest failed', { channel: deps.defaultChannel, error: errorText(error) });
  }
  await save();
}

/** Reports read from S3 at once: 17,000 read one by one would take minutes of the step's ten. */
const REPORT_READS_AT_ONCE = 32;

/**
 * The reports the summaries and the digest use, by `account/region`: failed targets' (a failed
 * target usually has none), and those with news or new marks (the digest's cost). A quiet target's
 * report adds nothing, so most of an organization's are never read.
 */
async function readReports(store: RunStore, runId: string, results: readonly TargetResult[]): Promise<StoredReports> {
  const reports = new Map<string, RunReport>();
  const unreadable = new Map<string, string>();
  const needed = results.filter((r) => r.status === 'failed' || countsHaveNews(r.counts) || r.counts.marked > 0);
  await mapBounded(needed, REPORT_READS_AT_ONCE, async (result) => {
    // A failed target may have reported before failing (e.g. its audit write failed after deleting).
    const key = result.status === 'swept' ? result.reportKey : runKeys.report(runId, result.accountId, result.region);
    try {
      const report = result.status === 'failed' ? await store.getJsonIfPresent<RunReport>(key) : await store.getJson<RunReport>(key);
      if (report) reports.set(`${result.accountId}/${result.region}`, reviveReport(report));
    } catch (error) {
      logger.error('reading a target report failed', { key, error: errorText(error) });
      unreadable.set(`${result.accountId}/${result.region}`, errorText(error));
    }
  });
  return { reports, unreadable };
}

interface StoredReports {
  readonly reports: Map<string, RunReport>;
  /** By `account/region`: the reports that could not be read, and why; their summaries say so. */
  readonly unreadable: Map<string, string>;
}

/** `write` run one at a time, the latest state each time: concurrent channels share one progress object. */
function serialized(write: () => Promise<void>): () => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return () => {
    chain = chain.then(write);
    return chain;
  };
}

/** EventBridge's notice of an execution that failed, timed out or was stopped. */
export interface ExecutionStatusChange {
  readonly source: 'aws.states';
  readonly 'detail-type': 'Step Functions Execution Status Change';
  readonly detail: ExecutionStatusDetail;
}

export interface ExecutionStatusDetail {
  readonly name?: string;
  readonly executionArn?: string;
  readonly status?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * A run that died (failed step, timeout, abort) never reaches its report step: say so in Slack,
 * with what Step Functions knows of why.
 */
export async function reportFailedExecution(
  detail: ExecutionStatusDetail,
  deps: { readonly home: SweepTarget; readonly notifier: Pick<Notifier, 'postFailure'> },
): Promise<void> {
  const { name, status, error, cause } = detail;
  const why = error || cause ? ` — ${errorFromCatch({ Error: error, Cause: cause })}` : '';
  logger.error('janitor execution did not complete', { ...detail });
  await deps.notifier.postFailure({
    accountId: deps.home.accountId,
    region: deps.home.region,
    error:
      `the janitor run ${name ?? detail.executionArn ?? ''} ended ${status ?? 'unsuccessfully'}${why}. ` +
      'Targets not swept tonight are tried again by the next run; the execution history in the Step Functions console shows where it stopped.',
  });
}
