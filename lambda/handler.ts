import type { Context } from 'aws-lambda';
import { parseConfig } from './config';
import { logger } from './logger';
import { runScheduledNight } from './run/scheduled-night';

/** Parsed once per cold start: a bad configuration fails the first invocation loudly. */
const config = parseConfig(JSON.parse(process.env.JANITOR_CONFIG ?? 'null'));

export async function handler(_event: unknown, context: Context): Promise<{ deleted: number; failed: number; marked: number }> {
  logger.addContext(context);
  const accountId = context.invokedFunctionArn.split(':')[4];
  const region = process.env.AWS_REGION;
  if (!accountId || !region) throw new Error('cannot tell the account or region this function runs in');
  const { report } = await runScheduledNight({
    config,
    accountId,
    region,
    now: new Date(),
    ownStackName: process.env.JANITOR_STACK_NAME,
    auditBucket: process.env.JANITOR_AUDIT_BUCKET,
  });
  return { deleted: report.deleted.length, failed: report.failed.length, marked: report.markedCount };
}
