import type { Context } from 'aws-lambda';
import { accountOfArn } from '../aws/arn';
import { type JanitorConfig, parseConfig } from '../config';
import { readConfigFile } from '../config/config-file';
import { RunStore } from '../fanout/run-store';
import type { Home } from '../fanout/targets';

/** Parsed once per cold start: a bad configuration fails the first invocation loudly. */
let config: JanitorConfig | undefined;
export function janitorConfig(): JanitorConfig {
  config ??= parseConfig(readConfigFile());
  return config;
}

/** The account and region this function runs in: the janitor's home. */
export function homeOf(context: Context): Home {
  const accountId = accountOfArn(context.invokedFunctionArn);
  const region = process.env.AWS_REGION;
  if (!accountId || !region) throw new Error('cannot tell the account or region this function runs in');
  return { accountId, region };
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (deployed by the janitor stack)`);
  return value;
}

export function runStoreIn(home: Home): RunStore {
  return new RunStore(requiredEnv('JANITOR_AUDIT_BUCKET'), home.region);
}
