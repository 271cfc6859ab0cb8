import type { JanitorConfig } from '../config/schema';
import { decisionPolicy, describeRequirement } from '../core/decide';
import { EXEMPT_TAG } from '../core/model';
import type { ResourceLine, RunReport, Warning } from '../core/report';
import { logger } from '../logger';
import type { SlackMessage } from '../slack/block-kit';
import { type Rendered, renderReport, renderWarning } from '../slack/long-lists';
import {
  type CliArgs,
  type CliDeps,
  cliIo,
  EXIT_ERROR,
  EXIT_OK,
  EXIT_USAGE,
  loadConfig,
  parseFlags,
  planFailureText,
  planOptions,
  regionsFor,
  UsageError,
} from './plan';
import { runPlan } from './plan-engine';
import type { SlackPreview } from './plan-slack';

export const PREVIEW_SLACK_USAGE = `usage: janitor preview-slack [--sample] [--region a,b] [--profile name] [--config file.json] [--audit-bucket name] [--json] [--account-id id] [--endpoint url]

  What tonight's run would post to Slack, rendered exactly as the janitor renders it: the warning
  (found these, they go after the deadline) and the report, as Block Kit JSON, each message with
  a Block Kit Builder link to see it before the first night. Reads AWS as \`janitor plan\` does
  (read-only); owners are not looked up (no CloudTrail reads), so the warning groups by type.
  --sample      no AWS at all: three sample resources, rendered with your configuration
  --json        the messages as JSON on stdout ([{ region, message, text, blocks, builderUrl }])
  (the other options as for \`janitor plan\`)
`;

/** Slack's Block Kit Builder opens the blocks encoded after `#`. */
export const BLOCK_KIT_BUILDER = 'https://app.slack.com/block-kit-builder/#';

export function builderUrl(message: SlackMessage): string {
  return `${BLOCK_KIT_BUILDER}${encodeURIComponent(JSON.stringify({ blocks: message.blocks }))}`;
}

export interface PreviewMessage {
  readonly accountId: string;
  readonly region: string;
  /** "warning 1 of 2", "report 1 of 1", "warning attachment". */
  readonly message: string;
  readonly text: string;
  readonly blocks: SlackMessage['blocks'];
  readonly builderUrl: string;
  /** The CSV a long list attaches in the message's thread: its name and row count. */
  readonly attachment?: { readonly filename: string; readonly rows: number };
}

/** Each region's warning and report, rendered as the notifier renders them (Keep buttons as configured). */
export function previewMessages(previews: readonly (SlackPreview & { accountId: string; region: string })[], config: JanitorConfig) {
  const keep = config.slack.keepButtons;
  const out: PreviewMessage[] = [];
  for (const p of previews) {
    const of = (kind: string, rendered: Rendered) => {
      for (const [i, m] of rendered.messages.entries()) {
        out.push({
          accountId: p.accountId,
          region: p.region,
          message: `${kind} ${i + 1} of ${rendered.messages.length}`,
          text: m.text,
          blocks: m.blocks,
          builderUrl: builderUrl(m),
          ...(i === 0 && rendered.attachment
            ? { attachment: { filename: rendered.attachment.filename, rows: rendered.attachment.rows } }
            : {}),
        });
      }
    };
    if (p.warning) of('warning', renderWarning(p.warning, keep ? { keepButtons: { allowForever: keep.allowForever } } : {}));
    of('report', renderReport(p.report));
  }
  return out;
}

export function renderPreview(messages: readonly PreviewMessage[], sample: boolean): string {
  const lines = [sample ? 'Sample messages (no AWS read), rendered with your configuration:' : "Tonight's messages:", ''];
  for (const m of messages) {
    lines.push(`${m.region} (account ${m.accountId}), ${m.message}: ${m.text}`);
    if (m.attachment) lines.push(`  with ${m.attachment.filename} (${m.attachment.rows} rows) attached in its thread`);
    lines.push(`  ${m.builderUrl}`, '');
  }
  lines.push('Open a link to see the message in Slack’s Block Kit Builder; --json prints the blocks.');
  return `${lines.join('\n')}\n`;
}

const HOUR = 3_600_000;

/** Three plausible resources, so a team sees its keep instructions, deadline and Keep buttons without AWS. */
export function samplePreview(config: JanitorConfig, now: Date): SlackPreview & { accountId: string; region: string } {
  const policy = decisionPolicy(config);
  const region = Array.isArray(config.targets.regions) ? (config.targets.regions[0] ?? 'eu-west-1') : 'eu-west-1';
  const accountId = '123456789012';
  const why = `not tagged as IaC (needs ${describeRequirement(policy)}): no tags at all`;
  const line = (type: string, typeLabel: string, id: string, name: string | undefined, ageHours: number, cost: string): ResourceLine => ({
    type,
    typeLabel,
    id,
    name,
    arn: `arn:aws:${type.split(':')[0]}:${region}:${accountId}:${type.split(':')[1]}/${id}`,
    region,
    ageMs: ageHours * HOUR,
    consoleUrl: `https://${region}.console.aws.amazon.com/`,
    reason: why,
    cost,
  });
  const instance = line('ec2:instance', 'EC2 instance', 'i-0123456789abcdef0', 'load-test-box', 26, '~$70/month');
  const resources = [
    instance,
    line('ec2:natgateway', 'NAT gateway', 'nat-0123456789abcdef0', undefined, 30, '~$33/month + $0.045/GB processed'),
    line('sagemaker:endpoint', 'SageMaker endpoint', 'gpu-experiment', 'gpu-experiment', 75, '~$1,015/month'),
  ];
  const deadline = new Date(now.getTime() + policy.gracePeriodMs);
  const warning: Warning = {
    accountId,
    region,
    dryRun: config.dryRun,
    deadline,
    resources,
    keep: { requiredTags: describeRequirement(policy), exemptTag: EXEMPT_TAG },
  };
  const report: RunReport = {
    accountId,
    region,
    dryRun: config.dryRun,
    startedAt: now,
    deleted: [{ ...instance, id: 'i-0fedcba9876543210', name: 'forgotten-spike', reason: `${why}; announced deadline passed` }],
    started: [],
    failed: [],
    skipped: [],
    kept: [],
    needsAttention: [],
    markedCount: resources.length,
    waitingCount: 0,
    capAlerts: [],
    listingErrors: [],
  };
  return { accountId, region, warning, report };
}

/** `janitor preview-slack`: 0 ok, 1 AWS could not be read, 2 bad usage. */
export async function previewSlackMain(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const { stdout, stderr, env, cwd } = cliIo(deps);
  logger.setLogLevel('SILENT');
  let args: CliArgs;
  let loaded: ReturnType<typeof loadConfig>;
  try {
    args = parseFlags(argv, ['--sample']);
    if (args.help) {
      stdout(PREVIEW_SLACK_USAGE);
      return EXIT_OK;
    }
    if (args.profile) env.AWS_PROFILE = args.profile;
    loaded = loadConfig(args.configFile, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`janitor preview-slack: ${error.message}\n\n${PREVIEW_SLACK_USAGE}`);
    return EXIT_USAGE;
  }
  const now = deps.now ?? new Date();
  try {
    const previews = args.sample ? [samplePreview(loaded.config, now)] : await planned(args, loaded, { ...deps, now }, env);
    const messages = previewMessages(previews, loaded.config);
    stdout(args.json ? `${JSON.stringify(messages, null, 2)}\n` : renderPreview(messages, args.sample));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`janitor preview-slack: ${error.message}\n\n${PREVIEW_SLACK_USAGE}`);
      return EXIT_USAGE;
    }
    stderr(`janitor preview-slack: ${planFailureText(error)}\n`);
    return EXIT_ERROR;
  }
}

async function planned(args: CliArgs, loaded: ReturnType<typeof loadConfig>, deps: CliDeps, env: NodeJS.ProcessEnv) {
  const regions = await regionsFor(args, env, loaded.config);
  const plan = await runPlan({ ...planOptions(args, loaded, regions, deps), slackPreview: true });
  return plan.regions.flatMap((r) => (r.slack ? [{ ...r.slack, accountId: r.accountId, region: r.region }] : []));
}
