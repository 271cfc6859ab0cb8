#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { S3AnnouncementLedger } from '../audit/announcement-ledger';
import { ConfigError, type JanitorConfig, parseConfig } from '../config';
import { readJanitorFile } from '../config/user-file';
import { combineCensuses, type KeyCensus, type TagCensus } from '../core/tag-census';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import { type NonEmpty, nonEmpty } from '../util/non-empty';
import { credentialsProblem, type ResolvesHost } from './aws-problems';
import { type NotPlanned, type Plan, PlanCredentialsError, type PlanLine, type RegionPlan, runPlan } from './plan-engine';
import { ReadOnlyAwsClients, ReadOnlyViolation } from './read-only-clients';
import { table } from './text-table';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

export const COMMANDS_USAGE = `usage: janitor <command> [options]

  plan     a read-only preview of what the nightly janitor would do
  unmark   remove the janitor's marks (janitor:delete-after), e.g. after an uninstall
  run-now  start a run of the deployed janitor now (it marks and deletes like a nightly one)
  pause    disable the nightly schedule (resume enables it again)
  resume   enable the nightly schedule again
  doctor   read-only checks before the first night: Slack token, scopes, channels, member roles
  preview-slack  tonight's Slack warning and report as Block Kit JSON, with Block Kit Builder links

  janitor <command> --help shows a command's options; janitor --version its version.
`;

const USAGE = `usage: janitor plan [--region a,b] [--profile name] [--config file.json] [--audit-bucket name] [--json] [--census] [--account-id id] [--endpoint url]

  A read-only preview of what the nightly janitor would do, with your current AWS credentials.
  --region      comma-separated regions (default: the configuration's targets.regions when it
                lists them, else AWS_REGION, else the profile's region)
  --profile     AWS profile to use (sets AWS_PROFILE)
  --config      janitor configuration as JSON (default: the "janitor" context of cdk.json)
  --audit-bucket  the janitor's audit bucket (stack output AuditBucketName): its announcement
                ledger shows which marks the janitor announced; without it no mark counts as
                announced, so the plan shows marks as the janitor would announce them anew
  --json        machine-readable output on stdout
  --census      also count, per required tag key (compliance.requiredTags), the values found,
                whether each counts as IaC, the resources without the key and its spellings
  --account-id  skip looking up the account id
  --endpoint    send every call to one URL (a local fake AWS)
`;

export class UsageError extends Error {}

export interface CliArgs {
  readonly regions?: string[];
  readonly profile?: string;
  readonly configFile?: string;
  readonly json: boolean;
  readonly accountId?: string;
  readonly endpoint?: string;
  readonly auditBucket?: string;
  readonly help: boolean;
  readonly census: boolean;
  readonly dryRun: boolean;
  readonly sample: boolean;
}

/** A command's own on/off flags, besides the ones every command takes. */
export type CommandSwitch = '--census' | '--dry-run' | '--sample';

export function parseArgs(argv: readonly string[]): CliArgs {
  const args = [...argv];
  if (args[0] === 'plan') args.shift();
  else if (args[0] !== undefined && !args[0].startsWith('-')) throw new UsageError(`unknown command "${args[0]}"`);
  return parseFlags(args, ['--census']);
}

/** The flags after the command name; `switches` are the ones only this command accepts. */
export function parseFlags(argv: readonly string[], switches: readonly CommandSwitch[]): CliArgs {
  const args = [...argv];
  const out: { -readonly [K in keyof CliArgs]: CliArgs[K] } = { json: false, help: false, census: false, dryRun: false, sample: false };
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--region':
      case '--regions':
        out.regions = value()
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        break;
      case '--profile':
        out.profile = value();
        break;
      case '--config':
        out.configFile = value();
        break;
      case '--account-id':
        out.accountId = value();
        if (!/^\d{12}$/.test(out.accountId)) throw new UsageError(`--account-id must be 12 digits, got "${out.accountId}"`);
        break;
      case '--endpoint':
        out.endpoint = value();
        break;
      case '--audit-bucket':
        out.auditBucket = value();
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(out.auditBucket))
          throw new UsageError(`--audit-bucket must be an S3 bucket name, got "${out.auditBucket}"`);
        break;
      case '--json':
        out.json = true;
        break;
      case '--census':
      case '--dry-run':
      case '--sample':
        if (!switches.includes(flag)) throw new UsageError(`unknown option "${arg}"`);
        if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
        if (flag === '--census') out.census = true;
        else if (flag === '--sample') out.sample = true;
        else out.dryRun = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return out;
}

/** The configuration: a JSON file (the janitor object, or a cdk.json-like file with context.janitor), else cdk.json. */
export function loadConfig(configFile: string | undefined, cwd: string): { config: JanitorConfig; ownStackName?: string; source: string } {
  const candidates = configFile
    ? [path.resolve(cwd, configFile)]
    : [path.resolve(cwd, 'cdk.json'), path.resolve(__dirname, '..', '..', 'cdk.json')];
  const source = candidates.find((c) => existsSync(c));
  if (!source) throw new UsageError(configFile ? `config file ${configFile} not found` : 'no cdk.json found here: pass --config file.json');
  try {
    const file = readJanitorFile(source);
    const ownStackName = typeof file.stackName === 'string' ? file.stackName : 'UntaggedResourceJanitor';
    return { config: parseConfig(file.janitor), ownStackName, source };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A file problem is one line naming the file; a configuration problem lists its fields.
    const [first] = error.problems;
    if (error.problems.length === 1 && first?.startsWith('janitorConfig: ')) throw new UsageError(first.slice('janitorConfig: '.length));
    throw new UsageError(`invalid configuration in ${source}:\n${error.message}`);
  }
}

/** AWS_REGION, AWS_DEFAULT_REGION, then whatever the SDK finds in the profile. */
export async function defaultRegion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  try {
    return await new EC2Client({}).config.region();
  } catch {
    return undefined;
  }
}

/** --region, else the default; validated and deduplicated. Throws UsageError. */
/** --region, else the configuration's own target regions (an explicit list), else the profile's or AWS_REGION. */
export async function regionsFor(args: CliArgs, env: NodeJS.ProcessEnv, config?: JanitorConfig): Promise<NonEmpty<string>> {
  const configured = Array.isArray(config?.targets.regions) ? config.targets.regions : undefined;
  const region = args.regions ?? configured ?? [await defaultRegion(env)].filter((r): r is string => Boolean(r));
  const unknown = region.filter((r) => !REGION_PATTERN.test(r));
  if (unknown.length > 0) throw new UsageError(`unknown region ${unknown.map((r) => `"${r}"`).join(', ')}: expected a name like eu-west-1`);
  const distinct = nonEmpty([...new Set(region)]);
  if (!distinct)
    throw new UsageError(
      'no region: pass --region (e.g. --region eu-west-1), list targets.regions in the configuration, or set AWS_REGION',
    );
  return distinct;
}

// ---- output ----------------------------------------------------------------------------------

const SECTIONS: { key: keyof RegionPlan & string; title: string }[] = [
  { key: 'delete', title: 'Would delete (marked, deadline passed)' },
  { key: 'mark', title: 'Would mark (new violations)' },
  { key: 'unmark', title: 'Would unmark / keep (marked, now compliant, exempt or protected)' },
  { key: 'waiting', title: 'Marked, waiting for the deadline' },
  { key: 'needsAttention', title: 'Needs attention (malformed tags)' },
  { key: 'tooYoung', title: 'Too young to judge' },
  { key: 'managed', title: 'Managed by IaC but untagged (tag drift; kept)' },
  { key: 'exempt', title: 'Exempt' },
  { key: 'protected', title: 'Protected' },
];

function detail(l: PlanLine): string {
  return l.deadline ? `${l.reason} [deadline ${l.deadline}]` : l.reason;
}

/** The announcement ledger, read through the same read-only guard as every other call. */
function readOnlyLedger(
  bucket: string,
  region: string,
  credentials?: AwsCredentialIdentityProvider,
  endpoint?: string,
): S3AnnouncementLedger {
  const s3 = new ReadOnlyAwsClients({ accountId: '', region, credentials, endpoint }).get(S3Client);
  return new S3AnnouncementLedger(bucket, region, s3);
}

/** What the nightly run sweeps that this plan did not read, and how to preview it. */
function notPlannedLines(n: NotPlanned): string[] {
  const others = [
    ...(n.accountIds.length > 0 ? [`account${n.accountIds.length === 1 ? '' : 's'} ${n.accountIds.join(', ')}`] : []),
    ...(n.organizationalUnits.length > 0 ? [`the accounts under ${n.organizationalUnits.join(', ')}`] : []),
  ];
  const lines: string[] = [];
  if (n.selfExcluded) lines.push("targets.accounts.includeSelf is false: a nightly run does not sweep the janitor's own account.");
  if (others.length > 0) {
    lines.push(
      `Not in this plan: ${others.join(' and ')}. Member roles trust only the janitor's sweep role: plan each account with its own credentials (--profile).`,
    );
  }
  return lines;
}

export function renderPlan(plan: Plan): string {
  const out: string[] = [`janitor plan: account ${plan.accountId}, ${plan.generatedAt} (read-only preview; nothing was changed)`];
  if (plan.dryRun) out.push('The configuration is a dry run (dryRun: true): a nightly run would only report this, never mark or delete.');
  out.push(...notPlannedLines(plan.notPlanned));
  if (plan.regions.some((r) => !r.announcementsRead)) {
    out.push(
      'No announcement ledger read (--audit-bucket): no mark counts as announced, so nothing shows as due; marked resources show as they would be announced anew.',
    );
  }
  for (const region of plan.regions) {
    const summary = SECTIONS.map((s) => `${(region[s.key] as PlanLine[]).length} ${s.key}`).join(', ');
    out.push('', `== ${region.region} ==  ${summary}, ${region.compliantCount} compliant`);
    // First: above a cap the phase would do nothing at all, whatever the lists below say.
    for (const alert of region.capAlerts) out.push('', `CAP: ${alert}`);
    for (const p of region.evidence.problems) {
      out.push('', `IAC EVIDENCE INCOMPLETE: ${p.source}: ${p.error} — a run would mark and delete nothing in this account`);
    }
    out.push(
      '',
      `IaC evidence: ${region.evidence.identities} identities (${region.evidence.sources.map((s) => `${s.source}: ${s.identities}`).join(', ') || 'no source read'}); ${region.managed.length} untagged resource(s) kept as managed (tag drift)`,
    );
    for (const { key, title } of SECTIONS) {
      const lines = region[key] as PlanLine[];
      if (lines.length === 0) continue;
      out.push('', `${title} (${lines.length}):`);
      out.push(
        table([
          ['TYPE', 'RESOURCE', 'WHY'],
          ...lines.map((l) => [l.type, l.name && l.name !== l.id ? `${l.name} (${l.id})` : l.id, detail(l)]),
        ]),
      );
    }
    if (region.couldNotRead.length > 0) {
      out.push('', `Could not read (${region.couldNotRead.length}) — the plan says nothing about these types:`);
      out.push(table([['TYPE', 'ERROR'], ...region.couldNotRead.map((e) => [e.type, e.error])]));
    }
    if (region.census) out.push(...renderCensus(region.census));
  }
  const total = plan.regions.length > 1 ? totalCensus(plan) : undefined;
  if (total) out.push('', `== all ${plan.regions.length} regions ==`, ...renderCensus(total));
  return `${out.join('\n')}\n`;
}

// ---- tag census ------------------------------------------------------------------------------

/** Enough to see the pattern; --json has every value. */
const MAX_CENSUS_VALUES = 25;

function totalCensus(plan: Plan): TagCensus | undefined {
  const censuses = plan.regions.map((r) => r.census).filter((c): c is TagCensus => c !== undefined);
  return censuses.length === plan.regions.length ? combineCensuses(censuses) : undefined;
}

/** Padded or empty values are the ones people misread: show them quoted. */
function shown(value: string): string {
  return value === '' || value !== value.trim() ? JSON.stringify(value) : value;
}

function renderKeyCensus(k: KeyCensus): string[] {
  const iac = k.values.filter((v) => v.countsAsIaC).reduce((n, v) => n + v.count, 0);
  const other = k.values.reduce((n, v) => n + v.count, 0) - iac;
  const allowed = k.allowedValues ? `allowed: ${k.allowedValues.join('|')}` : 'any value counts';
  const out = ['', `  ${k.key} (${allowed}): ${iac} count as IaC, ${other} do not, ${k.missing} without the key`];
  if (k.values.length > 0) {
    const rows = k.values.slice(0, MAX_CENSUS_VALUES).map((v) => [shown(v.value), String(v.count), v.countsAsIaC ? 'yes' : 'no']);
    out.push(table([['VALUE', 'RESOURCES', 'COUNTS AS IAC'], ...rows]).replace(/^/gm, '  '));
  }
  const hidden = k.values.slice(MAX_CENSUS_VALUES);
  if (hidden.length > 0)
    out.push(`    … ${hidden.length} more values on ${hidden.reduce((n, v) => n + v.count, 0)} resources (all in --json)`);
  const spellings = k.spellings.map((s) => `${s.key} (${s.count}${s.matchesRule ? '' : ', not matched: case-sensitive'})`);
  if (spellings.length > 0) out.push(`    key spelt: ${spellings.join(', ')}`);
  return out;
}

export function renderCensus(census: TagCensus): string[] {
  const how = census.caseSensitive ? 'exactly (compliance.caseSensitive)' : 'trimmed and case-insensitively';
  const resources = `${census.resources} resource${census.resources === 1 ? '' : 's'}`;
  const out = ['', `Tag census of the required tags (${resources}; keys and values compared ${how}):`];
  for (const key of census.keys) out.push(...renderKeyCensus(key));
  return out;
}

/** --json: the plan, and with --census also the census over all its regions. */
function planJson(plan: Plan, census: boolean): string {
  return `${JSON.stringify(census ? { ...plan, census: totalCensus(plan) } : plan, null, 2)}\n`;
}

// ---- progress ------------------------------------------------------------------------------------

/** One status line per region, rewritten in place as types are read (types are read concurrently). */
class TerminalProgress {
  private current?: string;
  private readCount = 0;

  constructor(private readonly write: (text: string) => void) {}

  region(region: string): void {
    this.done();
    this.current = region;
    this.readCount = 0;
    this.write(`[${region}] planning…`);
  }

  type(region: string, typeId: string): void {
    this.readCount += 1;
    // \r and "erase line": the status line is redrawn, not appended.
    this.write(`\r\x1b[2K[${region}] planning… ${this.readCount} read, reading ${typeId}`);
  }

  done(): void {
    if (this.current === undefined) return;
    this.write(`\r\x1b[2K[${this.current}] planned (${this.readCount} reads)\n`);
    this.current = undefined;
  }
}

// ---- main ------------------------------------------------------------------------------------

export interface CliDeps {
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
  /** Progress lines on stderr; default: whether stderr is a terminal. */
  readonly isTTY?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly now?: Date;
  /** Tests inject credentials; the CLI uses the SDK's default chain. */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** Tests inject whether a host resolves; the CLI asks DNS. */
  readonly resolvesHost?: ResolvesHost;
}

/** stdout, stderr, environment and working directory, from the deps or the process. */
export function cliIo(deps: CliDeps) {
  return {
    stdout: deps.stdout ?? ((t: string) => void process.stdout.write(t)),
    stderr: deps.stderr ?? ((t: string) => void process.stderr.write(t)),
    env: deps.env ?? process.env,
    cwd: deps.cwd ?? process.cwd(),
  };
}

/**
 * `janitor [plan]`: resolves to the exit code (0 ok, 1 errors, 2 bad usage). No argument at all
 * prints the commands; flags without a command still mean `plan`, as they always did.
 * (lambda/cli/janitor.ts sends the other commands to their own entries.)
 */
export async function main(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  // The runtime's JSON log lines belong to Lambda, not to a terminal or a --json consumer.
  logger.setLogLevel('SILENT');
  const [command] = argv;
  const { stdout, stderr } = cliIo(deps);
  if (command === undefined) {
    stderr(COMMANDS_USAGE);
    return EXIT_USAGE;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    stdout(COMMANDS_USAGE);
    return EXIT_OK;
  }
  if (command === '--version' || command === 'version') {
    stdout(`janitor ${packageVersion()}\n`);
    return EXIT_OK;
  }
  return planMain(argv, deps);
}

/** The version in the package's own package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/** What `plan` and `preview-slack` both pass the plan engine: the configuration, the regions, these credentials. */
export function planOptions(args: CliArgs, loaded: ReturnType<typeof loadConfig>, regions: NonEmpty<string>, deps: CliDeps) {
  return {
    config: loaded.config,
    ownStackName: loaded.ownStackName,
    regions,
    now: deps.now ?? new Date(),
    accountId: args.accountId,
    credentials: deps.credentials,
    endpoint: args.endpoint,
    resolvesHost: deps.resolvesHost,
    ledger: args.auditBucket ? readOnlyLedger(args.auditBucket, regions[0], deps.credentials, args.endpoint) : undefined,
  };
}

/** A failed plan as one line: the credentials problem, the refused write, or the error itself. */
export function planFailureText(error: unknown): string {
  if (error instanceof PlanCredentialsError) return error.message;
  if (error instanceof ReadOnlyViolation) return `refused a write: ${error.message}`;
  return credentialsProblem(error) ?? errorText(error);
}

/** Runs `janitor plan`; resolves to the exit code (0 ok, 1 errors or unreadable types, 2 bad usage). */
async function planMain(argv: readonly string[], deps: CliDeps): Promise<number> {
  const { stdout, stderr, env, cwd } = cliIo(deps);
  const tty = deps.isTTY ?? Boolean(process.stderr.isTTY);

  let args: CliArgs;
  let loaded: ReturnType<typeof loadConfig>;
  let regions: NonEmpty<string>;
  try {
    args = parseArgs(argv);
    if (args.help) {
      stdout(USAGE);
      return EXIT_OK;
    }
    // Before any client exists, so the default credential chain (and region lookup) sees it.
    if (args.profile) env.AWS_PROFILE = args.profile;
    loaded = loadConfig(args.configFile, cwd);
    regions = await regionsFor(args, env, loaded.config);
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`janitor plan: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }

  const progress = tty ? new TerminalProgress(stderr) : undefined;
  try {
    const plan = await runPlan({ ...planOptions(args, loaded, regions, deps), progress, census: args.census });
    progress?.done();
    stdout(args.json ? planJson(plan, args.census) : renderPlan(plan));
    const unread = plan.regions.reduce((n, r) => n + r.couldNotRead.length, 0);
    if (unread > 0) stderr(`janitor plan: ${unread} resource type(s) could not be read; the plan is incomplete (see "could not read")\n`);
    const capped = plan.regions.filter((r) => r.capAlerts.length > 0).map((r) => r.region);
    if (capped.length > 0) stderr(`janitor plan: a blast-radius cap would stop a run in ${capped.join(', ')} (see CAP)\n`);
    const unproven = plan.regions.filter((r) => r.evidence.problems.length > 0).map((r) => r.region);
    if (unproven.length > 0)
      stderr(`janitor plan: IaC evidence could not be read in ${unproven.join(', ')} (see IAC EVIDENCE INCOMPLETE)\n`);
    return unread > 0 || capped.length > 0 || unproven.length > 0 ? EXIT_ERROR : EXIT_OK;
  } catch (error) {
    progress?.done();
    stderr(`janitor plan: ${planFailureText(error)}\n`);
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`janitor plan: ${errorText(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
