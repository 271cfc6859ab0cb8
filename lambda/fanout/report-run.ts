import type { Notifier, RunReport } from '../core/report';
import type { AccountRunSummary, SweepTarget, TargetResult } from '../core/run-results';
import { logger } from '../logger';
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
}

export interface ReportOutcome {
  readonly accounts: number;
  readonly targets: number;
  readonly failedTargets: number;
  /** Accounts whose summary could not be posted. */
  readonly unposted: readonly string[];
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

/**
 * The run's report: every target's outcome, one summary per account (detailed lists in its
 * thread). Posting goes on across accounts when one fails; the failure is then thrown so the
 * execution fails visibly.
 */
export async function reportRun(
  event: ReportEvent,
  deps: {
    readonly store: RunStore;
    readonly notifier: RunSummaryNotifier;
    readonly dryRun: boolean;
    /** `slack.postWhenNothingHappened`: also post accounts where nothing happened. */
    readonly postWhenNothingHappened: boolean;
  },
): Promise<ReportOutcome> {
  const { store, notifier } = deps;
  const planned = await store.getJson<SweepTarget[]>(runKeys.targets(event.runId));
  const results = await readMapResults(store, event.sweep.ResultWriterDetails.Key);
  const reports = new Map<string, RunReport>();
  for (const result of results) {
    // A failed target may have reported before failing (e.g. its audit write failed after deleting).
    const key = result.status === 'swept' ? result.reportKey : runKeys.report(event.runId, result.accountId, result.region);
    try {
      // A failed target usually has none; a swept one always has.
      const report = result.status === 'failed' ? await store.getJsonIfPresent<RunReport>(key) : await store.getJson<RunReport>(key);
      if (report) reports.set(`${result.accountId}/${result.region}`, reviveReport(report));
    } catch (error) {
      logger.error('reading a target report failed', { key, error: errorText(error) });
    }
  }
  const summaries = summarizeRun({ runId: event.runId, dryRun: deps.dryRun, planned, results, reports });
  const unposted: string[] = [];
  const problems: string[] = [];
  for (const summary of summaries) {
    if (!summaryIsWorthPosting(summary, deps.postWhenNothingHappened)) continue;
    try {
      await notifier.postAccountSummary(summary);
    } catch (error) {
      unposted.push(summary.accountId);
      problems.push(`${summary.accountId}: ${errorText(error)}`);
      logger.error('posting an account summary failed', { accountId: summary.accountId, error: errorText(error) });
    }
  }
  const failedTargets = summaries.flatMap((s) =>
    s.regions.filter((r) => r.status === 'failed').map((r) => ({ accountId: s.accountId, ...r })),
  );
  for (const failed of failedTargets) logger.error('target failed', failed);
  logger.info('run reported', {
    runId: event.runId,
    accounts: summaries.length,
    targets: planned.length,
    failedTargets: failedTargets.length,
  });
  if (problems.length > 0) throw new Error(`the run summary could not be posted for ${problems.join('; ')}`);
  if (event.plan) {
    const reported: LastReportedRun = { runId: event.runId, startedAt: event.plan.startedAt };
    await store.putJson(runKeys.lastReported, reported);
  }
  return {
    accounts: summaries.length,
    targets: summaries.reduce((n, s) => n + s.regions.length, 0),
    failedTargets: failedTargets.length,
    unposted,
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
