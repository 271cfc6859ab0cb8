import { MARK_TAG } from '../core/model';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import type { NonEmpty } from '../util/non-empty';
import { credentialsProblem } from './aws-problems';
import { type CliArgs, type CliDeps, cliIo, EXIT_ERROR, EXIT_OK, EXIT_USAGE, loadConfig, parseFlags, regionsFor, UsageError } from './plan';
import { table } from './text-table';
import { type RegionUnmark, runUnmark, type UnmarkLine, type UnmarkResult } from './unmark-engine';

export const UNMARK_USAGE = `usage: janitor unmark [--region a,b] [--profile name] [--config file.json] [--account-id id] [--endpoint url] [--dry-run] [--json]

  Removes the janitor's mark (${MARK_TAG}) from every resource that carries it, e.g. after
  the janitor was uninstalled (cdk destroy leaves the marks behind). No other tag is touched:
  janitor:exempt and your own tags stay.
  --region      comma-separated regions (default: the configuration's targets.regions when it
                lists them, else AWS_REGION, else the profile's region)
  --profile     AWS profile to use (sets AWS_PROFILE)
  --config      janitor configuration as JSON (default: the "janitor" context of cdk.json);
                Auto Scaling groups are looked at when their type is among its resourceTypes
  --dry-run     list what would be unmarked; write nothing
  --json        machine-readable output on stdout
  --account-id  skip looking up the account id
  --endpoint    send every call to one URL (a local fake AWS)

  Exit codes: 0 done, 1 a resource or a listing failed, 2 bad usage.
`;

const AUTO_SCALING_TYPE = 'autoscaling:autoScalingGroup';

const RESULT_TEXT: Record<UnmarkLine['result'], string> = { unmarked: 'unmarked', 'would-unmark': 'would unmark', failed: 'FAILED' };

function resourceText(line: UnmarkLine): string {
  return line.kind === 'auto-scaling-group' ? `Auto Scaling group ${line.id}` : line.id;
}

function renderRegion(region: RegionUnmark): string[] {
  const failed = region.resources.filter((r) => r.result === 'failed').length;
  const out = ['', `== ${region.region} ==  ${region.resources.length} marked, ${failed} failed`];
  if (region.resources.length > 0) {
    const rows = region.resources.map((r) => [
      resourceText(r),
      r.mark,
      r.error ? `${RESULT_TEXT[r.result]}: ${r.error}` : RESULT_TEXT[r.result],
    ]);
    out.push(table([['RESOURCE', 'MARK', 'RESULT'], ...rows]));
  }
  for (const e of region.couldNotRead) out.push(`  could not read ${e.source}: ${e.error}`);
  return out;
}

export function renderUnmark(result: UnmarkResult): string {
  const what = result.dryRun ? 'dry run; nothing was changed' : `removes ${MARK_TAG} only`;
  return `${[`janitor unmark: account ${result.accountId} (${what})`, ...result.regions.flatMap(renderRegion)].join('\n')}\n`;
}

function failureCount(result: UnmarkResult): number {
  return result.regions.reduce((n, r) => n + r.couldNotRead.length + r.resources.filter((l) => l.result === 'failed').length, 0);
}

/** `janitor unmark` (argv without the command name); resolves to the exit code. */
export async function unmarkMain(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const { stdout, stderr, env, cwd } = cliIo(deps);
  // The runtime's JSON log lines belong to Lambda, not to a terminal or a --json consumer.
  logger.setLogLevel('SILENT');
  let args: CliArgs;
  let autoScaling: boolean;
  let regions: NonEmpty<string>;
  try {
    args = parseFlags(argv, ['--dry-run']);
    if (args.help) {
      stdout(UNMARK_USAGE);
      return EXIT_OK;
    }
    // Before any client exists, so the default credential chain (and region lookup) sees it.
    if (args.profile) env.AWS_PROFILE = args.profile;
    const { config } = loadConfig(args.configFile, cwd);
    autoScaling = config.resourceTypes.includes(AUTO_SCALING_TYPE);
    regions = await regionsFor(args, env, config);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`janitor unmark: ${error.message}\n\n${UNMARK_USAGE}`);
    return EXIT_USAGE;
  }

  try {
    const result = await runUnmark({
      regions,
      dryRun: args.dryRun,
      autoScaling,
      accountId: args.accountId,
      credentials: deps.credentials,
      endpoint: args.endpoint,
    });
    stdout(args.json ? `${JSON.stringify(result, null, 2)}\n` : renderUnmark(result));
    const failures = failureCount(result);
    if (failures === 0) return EXIT_OK;
    stderr(`janitor unmark: ${failures} failure(s); the rest was ${result.dryRun ? 'listed' : 'unmarked'} (see above)\n`);
    return EXIT_ERROR;
  } catch (error) {
    stderr(`janitor unmark: ${credentialsProblem(error) ?? errorText(error)}\n`);
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  unmarkMain(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`janitor unmark: ${errorText(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
