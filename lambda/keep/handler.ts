import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Context, LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { accountOfArn } from '../aws/arn';
import { AwsClients } from '../aws/clients';
import { targetIn } from '../aws/member-accounts';
import { getSecretString } from '../aws/secrets';
import { readConfigFile } from '../config/config-file';
import type { JanitorConfig } from '../config/schema';
import { parseSynthValidatedConfig } from '../config/schema';
import { logger } from '../logger';
import { createSlackClient } from '../slack/slack-client';
import { KeepAllowList } from './allow-list';
import { KeepEndpoint } from './keep-endpoint';
import { KeepWorker, type KeepWorkerDeps } from './keep-worker';
import { LEDGER_TABLE_ENV, WarningLedger } from './ledger';
import { isKeepWork, type KeepWork } from './work-item';

export interface KeepHandlerOptions {
  readonly config: JanitorConfig;
  readonly ledger: WarningLedger;
  /** This function's own name: the worker is an asynchronous invocation of it. */
  readonly functionName: string;
  /** Tests point Slack at a loopback server. */
  readonly slackApiUrl?: string;
  readonly slackRetries?: number;
  /** Clients in the warned account and region; default: this function's own credentials. */
  readonly clientsFor?: KeepWorkerDeps['clientsFor'];
  readonly lambda?: LambdaClient;
  readonly now?: () => Date;
}

/** A Function URL request from Slack, or (claimed to be) a work item: the worker verifies which. */
export type KeepEvent = LambdaFunctionURLEvent | KeepWork;

/** The Slack signing secret: the raw value, or JSON `{"signingSecret": "…"}`. Errors name the secret, never its value. */
export function signingSecretFrom(secretName: string, value: string): string {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new Error(`Secret "${secretName}" looks like JSON but does not parse; expected the signing secret or {"signingSecret": "…"}`);
  }
  const secret = (parsed as Record<string, unknown> | null)?.signingSecret;
  if (typeof secret !== 'string' || secret.trim() === '')
    throw new Error(`Secret "${secretName}" is JSON without a "signingSecret" string field`);
  return secret.trim();
}

/** Async self-invocation: Lambda queues the event and returns at once (HTTP 202). */
export function selfInvoker(lambda: LambdaClient, functionName: string): (work: KeepWork) => Promise<void> {
  return async (work) => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(work)) }),
    );
    if (result.StatusCode !== undefined && result.StatusCode !== 202) {
      throw new Error(`asynchronous invocation of ${functionName} answered ${result.StatusCode}, expected 202`);
    }
  };
}

/** Wires the endpoint and the worker to their secrets, Slack, the ledger and Lambda. */
export function createKeepHandler(options: KeepHandlerOptions): (event: KeepEvent) => Promise<LambdaFunctionURLResult | undefined> {
  const keepButtons = options.config.slack.keepButtons;
  if (!keepButtons) throw new Error('slack.keepButtons is not configured: the keep endpoint has nothing to do');
  const { signingSecretName } = keepButtons;
  let slackClient: ReturnType<typeof createSlackClient> | undefined;
  const slack = () => {
    slackClient ??= createSlackClient({
      tokenSecretName: options.config.slack.tokenSecretName,
      slackApiUrl: options.slackApiUrl,
      retries: options.slackRetries ?? 1,
    });
    slackClient.catch(() => (slackClient = undefined));
    return slackClient;
  };
  const now = options.now ?? (() => new Date());
  const shared = {
    config: keepButtons,
    // Cached by getSecretString for the life of the execution environment (15-minute TTL).
    signingSecret: async () => signingSecretFrom(signingSecretName, await getSecretString(signingSecretName)),
    slack,
    ledger: options.ledger,
    allowList: new KeepAllowList(keepButtons, slack, now),
    now,
  };
  const endpoint = new KeepEndpoint({ ...shared, startWorker: selfInvoker(options.lambda ?? new LambdaClient({}), options.functionName) });
  const worker = new KeepWorker({
    ...shared,
    clientsFor: options.clientsFor ?? (async (accountId, region) => new AwsClients({ accountId, region })),
  });

  return async (event) => {
    if (isKeepWork(event)) {
      await worker.handle(event);
      return undefined;
    }
    const body = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return endpoint.handleRequest({ headers, body });
  };
}

let handlerFromEnvironment: ReturnType<typeof createKeepHandler> | undefined;

/** The Lambda entry point: configuration and table from the environment, parsed once per cold start. */
export async function handler(
  event: KeepEvent,
  context: Pick<Context, 'invokedFunctionArn'>,
): Promise<LambdaFunctionURLResult | undefined> {
  if (!handlerFromEnvironment) {
    const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME;
    if (!functionName) throw new Error('AWS_LAMBDA_FUNCTION_NAME is not set: cannot invoke the keep worker');
    // Not parseConfig: that loads the registry (every plug-in's SDK client) and slows the cold start Slack waits on.
    const config = parseSynthValidatedConfig(readConfigFile());
    const home = { accountId: accountOfArn(context.invokedFunctionArn), region: process.env.AWS_REGION ?? '' };
    if (!home.accountId || !home.region) throw new Error('cannot tell the account or region this function runs in');
    handlerFromEnvironment = createKeepHandler({
      config,
      ledger: WarningLedger.fromEnvironment(process.env, new DynamoDBClient({})),
      functionName,
      // A resource warned about in a member account is tagged there, through the member role.
      clientsFor: async (accountId, region) =>
        new AwsClients(
          targetIn(accountId, region, {
            home,
            roleName: config.targets.keepMemberRoleName,
            externalId: config.targets.externalId,
            sessionName: 'janitor-keep',
          }),
        ),
    });
    logger.info('keep endpoint ready', { table: process.env[LEDGER_TABLE_ENV] });
  }
  return handlerFromEnvironment(event);
}
