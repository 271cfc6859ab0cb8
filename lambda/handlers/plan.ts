import type { Context } from 'aws-lambda';
import { AwsClients } from '../aws/clients';
import { type PlannedRun, planRun } from '../fanout/plan-run';
import { logger } from '../logger';
import { homeOf, janitorConfig, runStoreIn } from './runtime';

/** Step 1 of a run: which (account, region) pairs to sweep tonight. */
export async function handler(event: { readonly runId: string }, context: Context): Promise<PlannedRun> {
  logger.addContext(context);
  const home = homeOf(context);
  return planRun(event.runId, { config: janitorConfig(), home, clients: new AwsClients(home), store: runStoreIn(home), now: new Date() });
}
