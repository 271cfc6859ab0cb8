import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import { logger } from '../logger';
import { runKeys, type RunStore } from './run-store';
import { resolveTargets, type Home } from './targets';

/** The first step's output: where the Map finds its items. */
export interface PlannedRun {
  readonly runId: string;
  readonly targetsKey: string;
  readonly targetCount: number;
}

/** Resolves this run's targets and stores them for the Distributed Map's ItemReader. */
export async function planRun(
  runId: string,
  deps: { readonly config: JanitorConfig; readonly home: Home; readonly clients: AwsClients; readonly store: RunStore },
): Promise<PlannedRun> {
  const targets = await resolveTargets(deps.config.targets, deps.home, deps.clients);
  if (targets.length === 0) {
    throw new Error('no target to sweep: every account was excluded (targets.accounts.exclude) or the OUs hold no active account');
  }
  const targetsKey = runKeys.targets(runId);
  await deps.store.putJson(targetsKey, targets);
  logger.info('run planned', {
    runId,
    targets: targets.length,
    accounts: new Set(targets.map((t) => t.accountId)).size,
    regions: new Set(targets.map((t) => t.region)).size,
  });
  return { runId, targetsKey, targetCount: targets.length };
}
