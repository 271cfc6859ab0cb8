import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import { hasStateSources, readStateEvidence } from '../iac/read-evidence';
import { logger } from '../logger';
import { withChannels } from './routing';
import { type RunStore, runKeys } from './run-store';
import { type Home, resolveTargets } from './targets';

/** The first step's output: where the Map finds its items. */
export interface PlannedRun {
  readonly runId: string;
  readonly targetsKey: string;
  readonly targetCount: number;
  /** When this run started (ISO): the report step records it once the run is reported. */
  readonly startedAt: string;
  /** Keeps clicked in Slack since then are listed in this run's report (ISO). */
  readonly keepsSince: string;
}

/** The last reported run's start, as the report step records it. */
export interface LastReportedRun {
  readonly runId: string;
  readonly startedAt: string;
}

/** Without a reported run yet (the first night), keeps of the last day are reported. */
const FIRST_RUN_KEEPS_LOOKBACK_MS = 24 * 3600_000;

/** Resolves this run's targets and stores them for the Distributed Map's ItemReader. */
export async function planRun(
  runId: string,
  deps: { readonly config: JanitorConfig; readonly home: Home; readonly clients: AwsClients; readonly store: RunStore; readonly now: Date },
): Promise<PlannedRun> {
  // Since the last *reported* run, not the last started one: a run that failed before its report
  // must not swallow the keeps made before it.
  const lastReported = await deps.store.getJsonIfPresent<LastReportedRun>(runKeys.lastReported);
  const keepsSince = lastReported?.startedAt ?? new Date(deps.now.getTime() - FIRST_RUN_KEEPS_LOOKBACK_MS).toISOString();
  const resolved = await resolveTargets(deps.config.targets, deps.home, deps.clients);
  if (resolved.length === 0) {
    throw new Error('no target to sweep: every account was excluded (targets.accounts.exclude) or the OUs hold no active account');
  }
  const targets = await withChannels(resolved, deps.config.slack, deps.clients);
  await storeStateEvidence(runId, deps);
  const targetsKey = runKeys.targets(runId);
  await deps.store.putJson(targetsKey, targets);
  logger.info('run planned', {
    runId,
    targets: targets.length,
    accounts: new Set(targets.map((t) => t.accountId)).size,
    regions: new Set(targets.map((t) => t.region)).size,
  });
  return { runId, targetsKey, targetCount: targets.length, startedAt: deps.now.toISOString(), keepsSince };
}

/**
 * The state files are the same for every target: read once here with the janitor's own role, kept
 * beside the run for each sweep. A source that cannot be read is stored as a problem, so every
 * target holds its marks and deletions that night; failing to store it fails the run.
 */
async function storeStateEvidence(
  runId: string,
  deps: { readonly config: JanitorConfig; readonly clients: AwsClients; readonly store: RunStore },
) {
  if (!hasStateSources(deps.config.iac)) return;
  const states = await readStateEvidence(deps.clients, deps.config.iac);
  await deps.store.putGzipJson(runKeys.stateEvidence(runId), states);
  logger.info('state evidence read for the run', {
    runId,
    identities: states.identities.length,
    sources: states.sources.length,
    problems: states.problems.map((p) => `${p.source}: ${p.error}`),
  });
}
