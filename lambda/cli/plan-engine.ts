import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AnnouncementLedger } from '../audit/announcement-ledger';
import type { JanitorConfig } from '../config/schema';
import { announcementsSince, NO_ANNOUNCEMENTS } from '../core/announcements';
import { checkCap } from '../core/caps';
import { deadlineFor, decisionPolicy, NEEDS_ATTENTION_STATUSES } from '../core/decide';
import type { EvidenceProblem } from '../core/iac-evidence';
import type { DecidedResource, DecisionStatus } from '../core/model';
import { type TagCensus, tagCensus } from '../core/tag-census';
import { formatDeadline } from '../core/tag-values';
import { hasStateSources, readEvidence, readStateEvidence, type StateEvidence } from '../iac/read-evidence';
import { enabledResourceTypes } from '../resources/registry';
import type { ResourceType } from '../resources/resource-type';
import { decideInventory } from '../run/complete-candidates';
import { discover } from '../run/discover';
import { errorText } from '../util/errors';
import {
  credentialsProblem,
  credentialsProblemInText,
  networkFailure,
  type ResolvesHost,
  reachProblem,
  resolvesByDns,
} from './aws-problems';
import { type SlackPreview, slackPreviewOf } from './plan-slack';
import { ReadOnlyAwsClients } from './read-only-clients';

/** One resource line of the plan. */
export interface PlanLine {
  readonly type: string;
  readonly id: string;
  readonly name?: string;
  readonly arn: string;
  readonly status: DecisionStatus;
  readonly reason: string;
  /** For marks: the deadline a run now would write. For due and waiting: the deadline on the mark. */
  readonly deadline?: string;
}

export interface RegionPlan {
  readonly accountId: string;
  readonly region: string;
  /** Would be marked tonight: new violations and unreadable marks. */
  readonly mark: PlanLine[];
  /** Marked and past the deadline: would be deleted (after the run's live re-read of their tags). */
  readonly delete: PlanLine[];
  /** Marked but now compliant, exempt or protected: the mark would be removed. */
  readonly unmark: PlanLine[];
  readonly exempt: PlanLine[];
  readonly protected: PlanLine[];
  readonly tooYoung: PlanLine[];
  /** Marked, deadline not reached yet. */
  readonly waiting: PlanLine[];
  /** Malformed exemption or mark tags: someone should fix them. */
  readonly needsAttention: PlanLine[];
  readonly compliantCount: number;
  /** Untagged, but named by a stack or IaC state (tag drift): kept. */
  readonly managed: PlanLine[];
  /** The IaC evidence read; any problem holds every mark and deletion (the plan exits 1). */
  readonly evidence: {
    readonly identities: number;
    readonly sources: { readonly source: string; readonly identities: number }[];
    readonly problems: EvidenceProblem[];
  };
  /** Blast-radius caps a run would hit: above a cap, that phase does nothing at all. */
  readonly capAlerts: string[];
  /** Types that could not be listed (access denied, ...): the plan says nothing about them. */
  readonly couldNotRead: { type: string; error: string }[];
  /** False when no announcement ledger was read: no mark could then count as announced. */
  readonly announcementsRead: boolean;
  /** With `census`: the required tag keys' values on every discovered resource. */
  readonly census?: TagCensus;
  /** With `slackPreview`: the night's Slack messages for this region, before rendering. */
  readonly slack?: SlackPreview;
}

export interface PlanProgress {
  region(region: string): void;
  type(region: string, typeId: string): void;
}

export interface PlanOptions {
  readonly config: JanitorConfig;
  readonly regions: readonly string[];
  readonly now: Date;
  /** Resolved from the credentials (or an EC2 read) when omitted. */
  readonly accountId?: string;
  /** Omitted: the SDK's default credential chain (AWS_PROFILE, SSO, env, ...). */
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly endpoint?: string;
  /** Tells a region no endpoint exists for from no network at all; default: DNS. */
  readonly resolvesHost?: ResolvesHost;
  readonly ownStackName?: string;
  readonly resourceTypes?: readonly ResourceType[];
  readonly progress?: PlanProgress;
  readonly census?: boolean;
  /**
   * The janitor's announcement ledger (its audit bucket). Without it no mark can be shown to be the
   * janitor's announced one: marked resources then show as they would to a janitor with no record.
   */
  readonly ledger?: AnnouncementLedger;
  /** The state files' evidence, read once for every region; absent: read for this region. */
  readonly states?: StateEvidence;
  /** Also build what the night would post to Slack (`janitor preview-slack`). */
  readonly slackPreview?: boolean;
}

/** A fatal problem with the credentials themselves, as opposed to one type that could not be read. */
export class PlanCredentialsError extends Error {
  override readonly name = 'PlanCredentialsError';
}

async function resolveAccountId(clients: ReadOnlyAwsClients, region: string, resolves: ResolvesHost): Promise<string> {
  const sts = clients.get(STSClient);
  let identity: Awaited<ReturnType<typeof sts.config.credentials>>;
  try {
    identity = await sts.config.credentials();
  } catch (error) {
    throw new PlanCredentialsError(credentialsProblem(error) ?? `reading AWS credentials failed: ${(error as Error).message}`);
  }
  if (identity.accountId) return identity.accountId;
  // Long-term keys do not carry the account: ask STS who they belong to.
  try {
    const caller = await sts.send(new GetCallerIdentityCommand({}));
    if (caller.Account) return caller.Account;
  } catch (error) {
    throw new PlanCredentialsError(
      credentialsProblem(error) ??
        (await reachProblem(error, region, resolves)) ??
        `could not determine the AWS account id (${errorText(error)}): pass --account-id to skip asking STS`,
    );
  }
  throw new PlanCredentialsError('STS named no account for these credentials: pass --account-id');
}

function line({ resource, decision }: DecidedResource, deadline = decision.deadline): PlanLine {
  return {
    type: resource.type,
    id: resource.id,
    ...(resource.name ? { name: resource.name } : {}),
    arn: resource.arn,
    status: decision.status,
    reason: decision.reason,
    ...(deadline ? { deadline: formatDeadline(deadline) } : {}),
  };
}

async function credentialsFor(clients: ReadOnlyAwsClients): Promise<void> {
  try {
    await clients.get(STSClient).config.credentials();
  } catch (error) {
    throw new PlanCredentialsError(credentialsProblem(error) ?? `reading AWS credentials failed: ${(error as Error).message}`);
  }
}

/**
 * A listing failure that is no one type's: bad or expired credentials (any type tells), or every
 * type unreachable (a region with no endpoints, or no network). Said once instead of per type; a
 * service missing from one region stays that type's "could not read".
 */
async function fatalListingProblem(
  errors: readonly { readonly error: string }[],
  typeCount: number,
  region: string,
  resolves: ResolvesHost,
): Promise<string | undefined> {
  const credentials = errors.map((e) => credentialsProblemInText(e.error)).find(Boolean);
  if (credentials) return credentials;
  const unreachable = errors.filter((e) => networkFailure(e.error));
  const first = unreachable[0];
  return first && unreachable.length >= typeCount ? reachProblem(first.error, region, resolves) : undefined;
}

/** One region: the nightly run's discovery and decisions, and nothing after them. Only reads. */
export async function planRegion(options: PlanOptions & { accountId: string; region: string }): Promise<RegionPlan> {
  const { config, now, region, accountId } = options;
  const clients = new ReadOnlyAwsClients({ accountId, region, credentials: options.credentials, endpoint: options.endpoint });
  await credentialsFor(clients);
  const types = options.resourceTypes ?? enabledResourceTypes(config.resourceTypes);
  const policy = decisionPolicy(config, options.ownStackName);
  const inventory = await discover(clients, types, {
    onSweep: () => options.progress?.type(region, 'tags (Resource Groups Tagging API)'),
    onType: (typeId) => options.progress?.type(region, typeId),
  });
  // The nightly run's decisions: candidates completed (creation time, state) and decided again.
  const announcements = options.ledger
    ? await options.ledger.read(accountId, region, announcementsSince(now, policy.gracePeriodMs, policy.maxPastDeadlineMs))
    : NO_ANNOUNCEMENTS;
  const evidence = await readEvidence(clients, config.iac, options.states);
  const { decided, listingErrors } = await decideInventory(clients, types, inventory, now, policy, announcements, evidence, {
    onComplete: (typeId) => options.progress?.type(region, `${typeId} (details of candidates)`),
  });
  const fatal = await fatalListingProblem(listingErrors, types.length, region, options.resolvesHost ?? resolvesByDns);
  if (fatal) throw new PlanCredentialsError(fatal);

  const newDeadline = deadlineFor(now, policy);
  const where = (test: (d: DecidedResource) => boolean) => decided.filter(test);
  const toMark = where((d) => d.decision.action === 'mark');
  const due = where((d) => d.decision.action === 'delete');
  const capAlerts: string[] = [];
  const deleteCap = checkCap('delete', due.length, config.limits.maxDeletionsPerRun, true);
  if (!deleteCap.allowed) capAlerts.push(deleteCap.alert);
  const markCap = checkCap('mark', toMark.length, config.limits.maxMarksPerRun, true);
  if (!markCap.allowed) capAlerts.push(markCap.alert);

  return {
    accountId,
    region,
    mark: toMark.map((d) => line(d, newDeadline)),
    delete: due.map((d) => line(d)),
    unmark: where((d) => d.decision.action === 'unmark').map((d) => line(d)),
    exempt: where((d) => d.decision.status === 'exempt' && d.decision.action === 'none').map((d) => line(d)),
    protected: where((d) => d.decision.status === 'protected' && d.decision.action === 'none').map((d) => line(d)),
    tooYoung: where((d) => d.decision.status === 'too-young').map((d) => line(d)),
    waiting: where((d) => d.decision.status === 'waiting').map((d) => line(d)),
    needsAttention: where((d) => NEEDS_ATTENTION_STATUSES.has(d.decision.status)).map((d) => line(d)),
    announcementsRead: options.ledger !== undefined,
    compliantCount: where((d) => d.decision.status === 'compliant' && d.decision.action === 'none').length,
    managed: where((d) => d.decision.status === 'managed' && d.decision.action === 'none').map((d) => line(d)),
    evidence: {
      identities: evidence.size,
      sources: evidence.sources.map(({ source, identities }) => ({ source, identities })),
      problems: [...evidence.problems],
    },
    capAlerts,
    couldNotRead: listingErrors,
    ...(options.slackPreview
      ? {
          slack: slackPreviewOf({
            accountId,
            region,
            dryRun: config.dryRun,
            now,
            policy,
            types,
            decided,
            deadline: newDeadline,
            capAlerts,
            listingErrors,
          }),
        }
      : {}),
    ...(options.census
      ? {
          census: tagCensus(
            decided.map((d) => d.resource.tags),
            config.compliance,
          ),
        }
      : {}),
  };
}

/** Bumped when the JSON output changes incompatibly. */
export const PLAN_SCHEMA_VERSION = 1;

export interface Plan {
  readonly schemaVersion: number;
  readonly accountId: string;
  readonly generatedAt: string;
  /** The configuration's dryRun: a nightly run would then only report, never mark or delete. */
  readonly dryRun: boolean;
  /** What a nightly run sweeps besides, or instead of, this account: not in this plan. */
  readonly notPlanned: NotPlanned;
  readonly regions: RegionPlan[];
  /** The configuration this plan applied, defaults filled in. */
  readonly config: JanitorConfig;
}

/** The configuration's targets this plan did not read: member roles trust only the janitor's sweep role. */
export interface NotPlanned {
  readonly accountIds: string[];
  readonly organizationalUnits: string[];
  /** targets.accounts.includeSelf is false: the nightly run does not sweep the janitor's own account. */
  readonly selfExcluded: boolean;
}

export function notPlannedOf(config: JanitorConfig, accountId: string): NotPlanned {
  const { ids, organizationalUnits, exclude, includeSelf } = config.targets.accounts;
  return {
    accountIds: ids.filter((id) => id !== accountId && !exclude.includes(id)),
    organizationalUnits: [...organizationalUnits],
    selfExcluded: !includeSelf,
  };
}

/** Every region in turn, with one account id for all. Throws `PlanCredentialsError` for credential trouble. */
export async function runPlan(options: PlanOptions): Promise<Plan> {
  let accountId = options.accountId;
  const regions: RegionPlan[] = [];
  let states = options.states;
  for (const region of options.regions) {
    options.progress?.region(region);
    const clients = (id: string) =>
      new ReadOnlyAwsClients({ accountId: id, region, credentials: options.credentials, endpoint: options.endpoint });
    if (!accountId) accountId = await resolveAccountId(clients(''), region, options.resolvesHost ?? resolvesByDns);
    // The state files are the same for every region: read once, with the first region's clients.
    states ??= hasStateSources(options.config.iac) ? await readStateEvidence(clients(accountId), options.config.iac) : undefined;
    regions.push(await planRegion({ ...options, accountId, region, states }));
  }
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    accountId: accountId ?? '',
    generatedAt: options.now.toISOString(),
    dryRun: options.config.dryRun,
    notPlanned: notPlannedOf(options.config, accountId ?? ''),
    regions,
    config: options.config,
  };
}
