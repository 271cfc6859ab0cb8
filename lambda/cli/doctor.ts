import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LogLevel, WebAPIPlatformError, WebClient } from '@slack/web-api';
import { regionOfArn } from '../aws/arn';
import { memberRoleArn, sessionNameFor } from '../aws/member-accounts';
import type { JanitorConfig } from '../config';
import { signingSecretFrom } from '../keep/handler';
import { logger } from '../logger';
import { trustedOutline } from '../run/listing-scope';
import { botTokenFrom, slackErrorText } from '../slack/slack-client';
import { requiredSlackScopes } from '../slack/slack-scopes';
import { errorText } from '../util/errors';
import {
  type CliArgs,
  type CliDeps,
  cliIo,
  defaultRegion,
  EXIT_ERROR,
  EXIT_OK,
  EXIT_USAGE,
  loadConfig,
  parseFlags,
  UsageError,
} from './plan';
import { GuardedAwsClients, ReadOnlyViolation } from './read-only-clients';

export const DOCTOR_USAGE = `usage: janitor doctor [--region r] [--profile name] [--config file.json] [--endpoint url]

  Read-only checks to run before the first night: the Slack token secret and the token (its
  scopes, the channels the bot posts in), the Keep buttons' signing secret, the member roles, and
  whether targets.maxConcurrency fits the account's Lambda concurrency.
  Posts nothing in Slack and writes nothing in AWS.
  --region      the janitor's region, where its secrets are (default: AWS_REGION, else the
                profile's region; a secret given by ARN is read in the ARN's region)
  --profile     AWS profile to use (sets AWS_PROFILE)
  --config      janitor configuration as JSON (default: the "janitor" context of cdk.json)
  --endpoint    send every AWS call to one URL (a local fake AWS)

  Exit codes: 0 every check passed, 1 a check failed, 2 bad usage.
`;

/** One line of the report: passed, failed (with its fix), or not checked (does not fail the run). */
export interface DoctorCheck {
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly text: string;
  /** For a failure: what to do, in one sentence. */
  readonly fix?: string;
}

export interface DoctorDeps extends CliDeps {
  /** Tests point Slack at a loopback server; default https://slack.com/api/. */
  readonly slackApiUrl?: string;
}

const MARKS: Record<DoctorCheck['status'], string> = { ok: '✓', failed: '✗', skipped: '–' };

const ok = (text: string): DoctorCheck => ({ status: 'ok', text });
const failed = (text: string, fix: string): DoctorCheck => ({ status: 'failed', text, fix });
const skipped = (text: string): DoctorCheck => ({ status: 'skipped', text });

/**
 * Only these calls go out: reading secrets, assuming member roles (and nothing with them), who am
 * I, Lambda's limits, and Resource Explorer's set-up and one search (the pre-check's own reads).
 */
const ALLOWED_COMMANDS = new Set([
  'GetSecretValueCommand',
  'AssumeRoleCommand',
  'GetCallerIdentityCommand',
  'GetAccountSettingsCommand',
  'GetIndexCommand',
  'GetDefaultViewCommand',
  'GetViewCommand',
  'ListSupportedResourceTypesCommand',
  'SearchCommand',
]);

export function doctorGuard(commandName: string | undefined): void {
  if (!commandName || !ALLOWED_COMMANDS.has(commandName.endsWith('Command') ? commandName : `${commandName}Command`)) {
    throw new ReadOnlyViolation(commandName ?? '(unnamed command)');
  }
}

interface AwsAccess {
  readonly region: string;
  readonly credentials?: CliDeps['credentials'];
  readonly endpoint?: string;
}

function clientsIn(region: string, aws: AwsAccess): GuardedAwsClients {
  return new GuardedAwsClients({ accountId: '', region, credentials: aws.credentials, endpoint: aws.endpoint }, () => doctorGuard);
}

// ---- secrets -----------------------------------------------------------------------------------

type SecretRead = { readonly value: string } | { readonly problem: string; readonly fix: string };

/** The secret's string value, or why it cannot be read and what to do; never the value in a message. */
async function readSecret(secretId: string, aws: AwsAccess, createHint: string): Promise<SecretRead> {
  const region = secretId.startsWith('arn:') ? regionOfArn(secretId) : aws.region;
  const sm = clientsIn(region, aws).get(SecretsManagerClient);
  try {
    const { SecretString } = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (SecretString === undefined || SecretString.trim() === '') {
      return { problem: 'has no string value', fix: `store the value as a SecretString (${createHint}), not binary or empty.` };
    }
    return { value: SecretString };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    if (name === 'ResourceNotFoundException') {
      return {
        problem: `does not exist in ${region}`,
        fix: `create it in the janitor's region: aws secretsmanager create-secret --region ${region} --name ${secretId} --secret-string ${createHint}.`,
      };
    }
    if (name === 'AccessDeniedException') {
      return {
        problem: `is not readable (${name})`,
        fix: 'run doctor with credentials allowed secretsmanager:GetSecretValue on it (and kms:Decrypt on its key).',
      };
    }
    return { problem: `could not be read: ${errorText(error)}`, fix: 'check your AWS credentials and --region, then run doctor again.' };
  }
}

async function checkTokenSecret(config: JanitorConfig, aws: AwsAccess): Promise<{ check: DoctorCheck; token?: string }> {
  const name = config.slack.tokenSecretName;
  const what = `Slack token secret "${name}"`;
  const read = await readSecret(name, aws, "'xoxb-…'");
  if ('problem' in read) return { check: failed(`${what} ${read.problem}`, read.fix) };
  let token: string;
  try {
    token = botTokenFrom(name, read.value);
  } catch (error) {
    return {
      check: failed(
        `${what}: ${errorText(error)}`,
        'store the Bot User OAuth Token (xoxb-…, on the Slack app\'s "OAuth & Permissions" page), raw or as {"token": "xoxb-…"}.',
      ),
    };
  }
  if (!token.startsWith('xoxb-')) {
    return {
      check: failed(
        `${what} holds a ${token.slice(0, 4)}… token, not a bot token (xoxb-)`,
        'store the Bot User OAuth Token (xoxb-…, on the Slack app\'s "OAuth & Permissions" page) instead of a user or app token.',
      ),
    };
  }
  return { check: ok(`${what} is readable and holds a bot token (xoxb-)`), token };
}

async function checkSigningSecret(config: JanitorConfig, aws: AwsAccess): Promise<DoctorCheck[]> {
  const name = config.slack.keepButtons?.signingSecretName;
  if (!name) return [];
  const what = `Keep buttons' signing secret "${name}"`;
  const read = await readSecret(name, aws, "'<Signing Secret>'");
  if ('problem' in read)
    return [failed(`${what} ${read.problem}`, read.fix.replace(/\.$/, ' (the Slack app\'s "Basic Information" → Signing Secret).'))];
  try {
    signingSecretFrom(name, read.value);
  } catch (error) {
    return [failed(`${what}: ${errorText(error)}`, 'store the Slack app\'s Signing Secret, raw or as {"signingSecret": "…"}.')];
  }
  return [ok(`${what} is readable`)];
}

// ---- Slack -------------------------------------------------------------------------------------

const REINSTALL =
  'add them under "OAuth & Permissions" → Bot Token Scopes (or re-create the app from docs/slack-app-manifest.json) and reinstall the app to the workspace.';

interface SlackIdentity {
  readonly botName: string;
  /** undefined: Slack sent no x-oauth-scopes header. */
  readonly scopes?: readonly string[];
}

async function checkToken(client: WebClient): Promise<{ checks: DoctorCheck[]; identity?: SlackIdentity }> {
  try {
    const result = await client.auth.test();
    const team = `${result.team ?? '?'}${result.team_id ? ` (${result.team_id})` : ''}`;
    const bot = `@${result.user ?? '?'}${result.user_id ? ` (${result.user_id})` : ''}`;
    return {
      checks: [ok(`Slack token is valid: team ${team}, bot user ${bot}`)],
      identity: { botName: result.user ?? 'janitor', scopes: result.response_metadata?.scopes },
    };
  } catch (error) {
    const code = error instanceof WebAPIPlatformError ? error.data.error : undefined;
    const fix =
      code && ['invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'not_authed'].includes(code)
        ? 'copy the Bot User OAuth Token again from the Slack app\'s "OAuth & Permissions" page (reinstall the app if it was removed) into the secret.'
        : 'check that this machine can reach slack.com, then run doctor again.';
    return { checks: [failed(`Slack auth.test failed: ${slackErrorText(error)}`, fix)] };
  }
}

function checkScopes(config: JanitorConfig, identity: SlackIdentity): DoctorCheck {
  const needed = requiredSlackScopes(config);
  if (identity.scopes === undefined) return skipped('Slack scopes not checked: Slack sent no x-oauth-scopes header');
  const missing = needed.filter((n) => !identity.scopes?.includes(n.scope));
  if (missing.length === 0) return ok(`Slack token has every scope the configuration needs: ${needed.map((n) => n.scope).join(', ')}`);
  const names = [...new Set(missing.map((n) => n.scope))];
  const why = [...new Set(missing.map((n) => n.why))].join('; ');
  return failed(
    `Slack token lacks the scope${names.length === 1 ? '' : 's'} ${names.join(', ')} (${why})`,
    REINSTALL.replace('them', names.join(', ')),
  );
}

/** `slack.channel` and every route's channel, each once, with where the configuration names it. */
function configuredChannels(config: JanitorConfig): { channel: string; where: string }[] {
  const all = [
    { channel: config.slack.channel, where: 'slack.channel' },
    ...config.slack.routes.map((r, i) => ({ channel: r.channel, where: `slack.routes[${i}].channel` })),
  ];
  return all.filter((c, i) => all.findIndex((d) => d.channel === c.channel) === i);
}

interface ChannelInfo {
  readonly id?: string;
  readonly name?: string;
  readonly is_member?: boolean;
  readonly is_archived?: boolean;
}

const missingScopeOf = (error: unknown): string | undefined =>
  error instanceof WebAPIPlatformError && error.data.error === 'missing_scope'
    ? String((error.data as { needed?: string }).needed ?? 'channels:read')
    : undefined;

/** A channel given by name: looked up among the public channels (conversations.list, channels:read). */
async function channelByName(client: WebClient, name: string): Promise<ChannelInfo | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const result = await client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: 1000, cursor });
    const found = result.channels?.find((c) => c.name === name);
    if (found) return found;
    cursor = result.response_metadata?.next_cursor;
    if (!cursor) return undefined;
  }
  return undefined;
}

async function checkChannel(client: WebClient, botName: string, channel: string, where: string): Promise<DoctorCheck> {
  const what = `Slack channel ${channel} (${where})`;
  const invite = `/invite @${botName}`;
  const cannotCheck = (scope: string) => skipped(`${what}: cannot check membership without ${scope}; invite the bot with ${invite}`);
  try {
    let info: ChannelInfo | undefined;
    if (channel.startsWith('#')) {
      info = await channelByName(client, channel.slice(1));
      if (!info)
        return failed(
          `${what}: no public channel of that name`,
          `check the name, or for a private channel give its ID (C…) in ${where} and invite the bot with ${invite}.`,
        );
    } else {
      info = (await client.conversations.info({ channel })).channel;
    }
    if (info?.is_archived) return failed(`${what} is archived`, `unarchive it, or name another channel in ${where}.`);
    if (!info?.is_member) return failed(`${what}: the bot is not a member`, `invite the bot with ${invite} in ${channel}.`);
    return ok(`${what}: the bot is a member`);
  } catch (error) {
    const scope = missingScopeOf(error);
    if (scope) return cannotCheck(scope);
    if (error instanceof WebAPIPlatformError && error.data.error === 'channel_not_found') {
      return failed(
        `${what}: channel not found`,
        `check the channel ID in ${where}; a private channel is visible only once the bot is in it (${invite}).`,
      );
    }
    return failed(`${what}: ${slackErrorText(error)}`, 'check the channel, then run doctor again.');
  }
}

async function checkSlack(config: JanitorConfig, token: string | undefined, slackApiUrl: string | undefined): Promise<DoctorCheck[]> {
  if (token === undefined) return [skipped('Slack token, scopes and channels not checked: no bot token to check (see above)')];
  const client = new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: { retries: 2, factor: 2, minTimeout: 1_000, maxTimeout: 10_000 },
    logLevel: LogLevel.ERROR,
  });
  const { checks, identity } = await checkToken(client);
  if (!identity) return [...checks, skipped('Slack scopes and channels not checked: the token is not valid')];
  const out = [...checks, checkScopes(config, identity)];
  const hasChannelsRead = identity.scopes === undefined || identity.scopes.includes('channels:read');
  for (const { channel, where } of configuredChannels(config)) {
    out.push(
      hasChannelsRead
        ? await checkChannel(client, identity.botName, channel, where)
        : skipped(
            `Slack channel ${channel} (${where}): cannot check membership without channels:read; invite the bot with /invite @${identity.botName}`,
          ),
    );
  }
  return out;
}

// ---- member accounts ---------------------------------------------------------------------------

async function checkMembers(config: JanitorConfig, aws: AwsAccess, ownStackName: string): Promise<DoctorCheck[]> {
  const { targets } = config;
  const out: DoctorCheck[] = [];
  const ids = targets.accounts.ids.filter((id) => !targets.accounts.exclude.includes(id));
  const sts = clientsIn(aws.region, aws).get(STSClient);
  let self: { account?: string; arn?: string } = {};
  if (ids.length > 0) {
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      self = { account: identity.Account, arn: identity.Arn };
    } catch (error) {
      out.push(failed(`AWS credentials: ${errorText(error)}`, 'sign in (aws sso login, or --profile) and run doctor again.'));
      return out;
    }
  }
  const sweepRole = `${ownStackName}-sweep`;
  const asJanitor = self.arn?.includes(`:assumed-role/${sweepRole}/`) ?? false;
  for (const id of ids) {
    if (id === self.account) {
      out.push(ok(`account ${id} is the account of these credentials: no member role needed`));
      continue;
    }
    const roleArn = memberRoleArn(id, targets.memberRoleName, aws.region);
    try {
      // Assumed and dropped: the credentials are never used.
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionNameFor('doctor'),
          ExternalId: targets.externalId,
          DurationSeconds: 900,
        }),
      );
      out.push(ok(`member role ${roleArn} is assumable${targets.externalId ? ' with the external id' : ''}`));
    } catch (error) {
      const who = asJanitor
        ? ''
        : `; note it trusts only the janitor's role ${sweepRole}, so from other credentials this check fails even when the role is right`;
      out.push(
        failed(
          `member role ${roleArn} cannot be assumed: ${errorText(error)}`,
          `deploy the member stack in ${id} from this configuration (same targets.memberRoleName and targets.externalId)${who}.`,
        ),
      );
    }
  }
  if (targets.accounts.organizationalUnits.length > 0) {
    out.push(
      skipped(
        `accounts under ${targets.accounts.organizationalUnits.join(', ')} are not checked one by one: list one in targets.accounts.ids to check its member role`,
      ),
    );
  }
  return out;
}

// ---- Lambda concurrency --------------------------------------------------------------------------

/** Besides the sweeps: the plan and report steps, and the Keep endpoint when it is on. */
const OTHER_FUNCTIONS = (config: JanitorConfig) => 2 + (config.slack.keepButtons ? 1 : 0);

/**
 * Whether `targets.maxConcurrency` sweeps (and the janitor's other functions) fit the account's
 * unreserved concurrency, and what would: half of it, leaving the rest to the account's own
 * functions (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
 */
export function concurrencyAdvice(config: JanitorConfig, limits: { total: number; unreserved: number }): DoctorCheck {
  const sweeps = config.targets.maxConcurrency;
  const need = sweeps + OTHER_FUNCTIONS(config);
  const advised = Math.max(1, Math.min(1000, Math.floor(limits.unreserved / 2) - OTHER_FUNCTIONS(config)));
  const of = `${need} concurrent Lambda executions at most (targets.maxConcurrency ${sweeps} sweeps + ${OTHER_FUNCTIONS(config)}), of this account's ${limits.unreserved} unreserved (quota ${limits.total})`;
  if (need > limits.unreserved) {
    return failed(
      `a run needs ${of}: its sweeps would be throttled`,
      `set targets.maxConcurrency to ${advised} or less, or raise the Lambda "Concurrent executions" quota in Service Quotas.`,
    );
  }
  const share =
    need > limits.unreserved / 2
      ? `; more than half, so the account's other functions may be throttled during a run (${advised} leaves them half)`
      : '';
  return ok(`a run needs ${of}${share}`);
}

async function checkConcurrency(config: JanitorConfig, aws: AwsAccess): Promise<DoctorCheck> {
  try {
    const { AccountLimit } = await clientsIn(aws.region, aws).get(LambdaClient).send(new GetAccountSettingsCommand({}));
    const total = AccountLimit?.ConcurrentExecutions;
    const unreserved = AccountLimit?.UnreservedConcurrentExecutions;
    if (total === undefined || unreserved === undefined)
      return skipped("Lambda's account limits were not returned: concurrency not checked");
    return concurrencyAdvice(config, { total, unreserved });
  } catch (error) {
    return failed(
      `Lambda's account limits cannot be read in ${aws.region}: ${errorText(error)}`,
      'grant these credentials lambda:GetAccountSettings, or check the region.',
    );
  }
}

// ---- Resource Explorer pre-check ---------------------------------------------------------------

/** How to give a region what the pre-check trusts (https://docs.aws.amazon.com/resource-explorer/latest/userguide/getting-started-setting-up.html). */
const explorerFix = (region: string) =>
  `turn Resource Explorer on in ${region} with an unfiltered default view (console: Resource Explorer → Quick setup), wait 48 hours after creating the index, and run doctor again; until then the sweeps there list every type.`;

/**
 * With `targets.resourceExplorerPrecheck`: whether the sweeps in this account will be able to use
 * it, in the configured regions (the doctor's region for "all-enabled"), by the sweep's own test.
 */
async function checkPrecheck(config: JanitorConfig, aws: AwsAccess, now: Date): Promise<DoctorCheck[]> {
  if (!config.targets.resourceExplorerPrecheck) return [];
  const regions = Array.isArray(config.targets.regions) ? config.targets.regions : [aws.region];
  return Promise.all(
    regions.map(async (region) => {
      try {
        const trusted = await trustedOutline(clientsIn(region, aws), now);
        return 'distrust' in trusted
          ? failed(`Resource Explorer pre-check in ${region}: not used, ${trusted.distrust}`, explorerFix(region))
          : ok(`Resource Explorer pre-check in ${region}: usable (an ACTIVE index and an unfiltered default view)`);
      } catch (error) {
        return failed(
          `Resource Explorer pre-check in ${region}: cannot be read: ${errorText(error)}`,
          'grant these credentials resource-explorer-2:GetIndex, GetDefaultView, GetView, ListSupportedResourceTypes and Search, or check the region.',
        );
      }
    }),
  );
}

// ---- main --------------------------------------------------------------------------------------

export function renderChecks(checks: readonly DoctorCheck[]): string {
  return checks.map((c) => `${MARKS[c.status]} ${c.text}${c.fix ? `\n    fix: ${c.fix}` : ''}\n`).join('');
}

export interface DoctorOptions {
  readonly config: JanitorConfig;
  readonly ownStackName?: string;
  readonly region: string;
  readonly credentials?: CliDeps['credentials'];
  readonly endpoint?: string;
  readonly slackApiUrl?: string;
  /** The clock for the index's age; default now. */
  readonly now?: Date;
}

/** Every check, in order; the AWS checks run whatever the Slack ones found. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const aws: AwsAccess = { region: options.region, credentials: options.credentials, endpoint: options.endpoint };
  const [secret, signing, members, concurrency, precheck] = await Promise.all([
    checkTokenSecret(options.config, aws),
    checkSigningSecret(options.config, aws),
    checkMembers(options.config, aws, options.ownStackName ?? 'UntaggedResourceJanitor'),
    checkConcurrency(options.config, aws),
    checkPrecheck(options.config, aws, options.now ?? new Date()),
  ]);
  const slack = await checkSlack(options.config, secret.token, options.slackApiUrl);
  return [secret.check, ...slack, ...signing, ...members, concurrency, ...precheck];
}

/** `janitor doctor` (argv without the command name); resolves to the exit code. */
export async function doctorMain(argv: readonly string[], deps: DoctorDeps = {}): Promise<number> {
  const { stdout, stderr, env, cwd } = cliIo(deps);
  logger.setLogLevel('SILENT');
  let args: CliArgs;
  let loaded: ReturnType<typeof loadConfig>;
  let region: string;
  try {
    args = parseFlags(argv, []);
    if (args.help) {
      stdout(DOCTOR_USAGE);
      return EXIT_OK;
    }
    if (args.json || args.accountId || args.auditBucket) throw new UsageError('doctor takes --region, --profile, --config and --endpoint');
    if (args.regions && args.regions.length > 1) throw new UsageError('--region takes the one region the janitor is deployed in');
    // Before any client exists, so the default credential chain (and region lookup) sees it.
    if (args.profile) env.AWS_PROFILE = args.profile;
    loaded = loadConfig(args.configFile, cwd);
    const found = args.regions?.[0] ?? (await defaultRegion(env));
    if (!found) throw new UsageError("no region: pass --region (the janitor's region, e.g. --region eu-west-1) or set AWS_REGION");
    region = found;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`janitor doctor: ${error.message}\n\n${DOCTOR_USAGE}`);
    return EXIT_USAGE;
  }

  stdout(`janitor doctor: ${loaded.source}, region ${region} (read-only: posts nothing, writes nothing)\n`);
  let checks: DoctorCheck[];
  try {
    checks = await runDoctor({
      config: loaded.config,
      ownStackName: loaded.ownStackName,
      region,
      credentials: deps.credentials,
      endpoint: args.endpoint,
      slackApiUrl: deps.slackApiUrl,
    });
  } catch (error) {
    stderr(`janitor doctor: ${errorText(error)}\n`);
    return EXIT_ERROR;
  }
  stdout(renderChecks(checks));
  const failures = checks.filter((c) => c.status === 'failed').length;
  if (failures === 0) {
    stdout('janitor doctor: every check passed\n');
    return EXIT_OK;
  }
  stderr(`janitor doctor: ${failures} check(s) failed (see the fix under each ✗)\n`);
  return EXIT_ERROR;
}

if (require.main === module) {
  doctorMain(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`janitor doctor: ${errorText(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
