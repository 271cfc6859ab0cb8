#!/usr/bin/env node
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError, parseConfig, type JanitorConfig } from '../config';
import { errorText } from '../aws/tagging';
import { logger } from '../logger';
import { PlanCredentialsError, credentialsProblem, runPlan, type Plan, type PlanLine, type RegionPlan } from './plan-engine';
import { ReadOnlyViolation } from './read-only-clients';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_USAGE = 2;

export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

const USAGE = `usage: janitor plan [--region a,b] [--profile name] [--config file.json] [--json] [--account-id id]

  A read-only preview of what the nightly janitor would do, with your current AWS credentials.
  --region      comma-separated regions (default: AWS_REGION, else the profile's region)
  --profile     AWS profile to use (sets AWS_PROFILE)
  --config      janitor configuration as JSON (default: the "janitor" context of cdk.json)
  --json        machine-readable output on stdout
  --account-id  skip looking up the account id
  --endpoint    send every call to one URL (a local fake AWS)
`;

class UsageError extends Error {}

export interface CliArgs {
  readonly regions?: string[];
  readonly profile?: string;
  readonly configFile?: string;
  readonly json: boolean;
  readonly accountId?: string;
  readonly endpoint?: string;
  readonly help: boolean;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args = [...argv];
  if (args[0] === 'plan') args.shift();
  else if (args[0] !== undefined && !args[0].startsWith('-')) throw new UsageError(`unknown command "${args[0]}"`);
  const out: { -readonly [K in keyof CliArgs]: CliArgs[K] } = { json: false, help: false };
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--region':
      case '--regions':
        out.regions = value().split(',').map((r) => r.trim()).filter(Boolean);
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
      case '--json':
        out.json = true;
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
  let raw: any;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${errorText(error)}`);
  }
  const janitor = raw?.context?.janitor ?? (raw?.context ? undefined : raw);
  if (janitor === undefined) throw new UsageError(`${source} has no "janitor" context`);
  const ownStackName = typeof raw?.context?.janitorStackName === 'string' ? raw.context.janitorStackName : 'UntaggedResourceJanitor';
  try {
    return { config: parseConfig(janitor), ownStackName, source };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`invalid configuration in ${source}:\n${error.message}`);
    throw error;
  }
}

/** AWS_REGION, AWS_DEFAULT_REGION, then whatever the SDK finds in the profile. */
async function defaultRegion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  try {
    return await new EC2Client({}).config.region();
  } catch {
    return undefined;
  }
}

// ---- output ----------------------------------------------------------------------------------

const SECTIONS: { key: keyof RegionPlan & string; title: string }[] = [
  { key: 'delete', title: 'Would delete (marked, deadline passed)' },
  { key: 'mark', title: 'Would mark (new violations)' },
  { key: 'unmark', title: 'Would unmark / keep (marked, now compliant, exempt or protected)' },
  { key: 'waiting', title: 'Marked, waiting for the deadline' },
  { key: 'needsAttention', title: 'Needs attention (malformed tags)' },
  { key: 'tooYoung', title: 'Too young to judge' },
  { key: 'exempt', title: 'Exempt' },
  { key: 'protected', title: 'Protected' },
];

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

function detail(l: PlanLine): string {
  return l.deadline ? `${l.reason} [deadline ${l.deadline}]` : l.reason;
}

export function renderPlan(plan: Plan): string {
  const out: string[] = [`janitor plan: account ${plan.accountId}, ${plan.generatedAt} (read-only preview; nothing was changed)`];
  for (const region of plan.regions) {
    const summary = SECTIONS.map((s) => `${(region[s.key] as PlanLine[]).length} ${s.key}`).join(', ');
    out.push('', `== ${region.region} ==  ${summary}, ${region.compliantCount} compliant`);
    for (const { key, title } of SECTIONS) {
      const lines = region[key] as PlanLine[];
      if (lines.length === 0) continue;
      out.push('', `${title} (${lines.length}):`);
      out.push(table([['TYPE', 'RESOURCE', 'WHY'], ...lines.map((l) => [l.type, l.name && l.name !== l.id ? `${l.name} (${l.id})` : l.id, detail(l)])]));
    }
    for (const alert of region.capAlerts) out.push('', `CAP: ${alert}`);
    if (region.couldNotRead.length > 0) {
      out.push('', `Could not read (${region.couldNotRead.length}) — the plan says nothing about these types:`);
      out.push(table([['TYPE', 'ERROR'], ...region.couldNotRead.map((e) => [e.type, e.error])]));
    }
  }
  return out.join('\n') + '\n';
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
}

/** Runs `janitor plan`; resolves to the exit code (0 ok, 1 errors or unreadable types, 2 bad usage). */
export async function main(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  const env = deps.env ?? process.env;
  const tty = deps.isTTY ?? Boolean(process.stderr.isTTY);
  // The runtime's JSON log lines belong to Lambda, not to a terminal or a --json consumer.
  logger.setLogLevel('SILENT');

  let args: CliArgs;
  let loaded: ReturnType<typeof loadConfig>;
  let regions: string[];
  try {
    args = parseArgs(argv);
    if (args.help) {
      stdout(USAGE);
      return EXIT_OK;
    }
    // Before any client exists, so the default credential chain (and region lookup) sees it.
    if (args.profile) env.AWS_PROFILE = args.profile;
    loaded = loadConfig(args.configFile, deps.cwd ?? process.cwd());
    const region = args.regions ?? [await defaultRegion(env)].filter((r): r is string => Boolean(r));
    if (region.length === 0) throw new UsageError('no region: pass --region (e.g. --region eu-west-1) or set AWS_REGION');
    const unknown = region.filter((r) => !REGION_PATTERN.test(r));
    if (unknown.length > 0) throw new UsageError(`unknown region ${unknown.map((r) => `"${r}"`).join(', ')}: expected a name like eu-west-1`);
    regions = [...new Set(region)];
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`janitor plan: ${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw error;
  }

  const progress = tty ? new TerminalProgress(stderr) : undefined;
  try {
    const plan = await runPlan({
      config: loaded.config,
      ownStackName: loaded.ownStackName,
      regions,
      now: deps.now ?? new Date(),
      accountId: args.accountId,
      credentials: deps.credentials,
      endpoint: args.endpoint,
      progress,
    });
    progress?.done();
    stdout(args.json ? JSON.stringify(plan, null, 2) + '\n' : renderPlan(plan));
    const unread = plan.regions.reduce((n, r) => n + r.couldNotRead.length, 0);
    if (unread > 0) {
      stderr(`janitor plan: ${unread} resource type(s) could not be read; the plan is incomplete (see "could not read")\n`);
      return EXIT_ERROR;
    }
    return EXIT_OK;
  } catch (error) {
    progress?.done();
    if (error instanceof PlanCredentialsError) stderr(`janitor plan: ${error.message}\n`);
    else if (error instanceof ReadOnlyViolation) stderr(`janitor plan: refused a write: ${error.message}\n`);
    else stderr(`janitor plan: ${credentialsProblem(error) ?? errorText(error)}\n`);
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
