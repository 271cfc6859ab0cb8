import { AutoScalingClient, DeleteTagsCommand, paginateDescribeTags } from '@aws-sdk/client-auto-scaling';
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsClients, AwsTarget } from '../aws/clients';
import { untagResources } from '../aws/tagging';
import { MARK_TAG } from '../core/model';
import { errorText } from '../util/errors';
import type { NonEmpty } from '../util/non-empty';
import { credentialsProblem } from './aws-problems';
import { ReadOnlyAwsClients } from './read-only-clients';
import { UnmarkAwsClients } from './unmark-clients';

/** One resource carrying the janitor's mark. */
export interface MarkedResource {
  /** The ARN; for an Auto Scaling group its name (DescribeTags returns no ARN). */
  readonly id: string;
  readonly kind: 'tagged-resource' | 'auto-scaling-group';
  /** The mark's value (the deadline it announced). */
  readonly mark: string;
}

export interface UnmarkLine extends MarkedResource {
  readonly result: 'unmarked' | 'would-unmark' | 'failed';
  readonly error?: string;
}

export interface RegionUnmark {
  readonly region: string;
  readonly resources: UnmarkLine[];
  /** Listings that failed: this region may hold marks that were not seen. */
  readonly couldNotRead: { source: string; error: string }[];
}

export interface UnmarkResult {
  readonly accountId: string;
  readonly dryRun: boolean;
  readonly regions: RegionUnmark[];
}

export interface UnmarkOptions {
  readonly regions: NonEmpty<string>;
  readonly dryRun: boolean;
  /** Also look at Auto Scaling groups (the tagging API's GetResources never returns them). */
  readonly autoScaling: boolean;
  readonly accountId?: string;
  readonly credentials?: AwsCredentialIdentityProvider;
  readonly endpoint?: string;
}

const TAGGING = 'tagging API (GetResources)';
const AUTO_SCALING = 'Auto Scaling (DescribeTags)';

/** Marks are tags, so one filtered, paginated GetResources sees every marked resource of every type. */
async function markedViaTagging(clients: AwsClients): Promise<MarkedResource[]> {
  const found: MarkedResource[] = [];
  const client = clients.get(ResourceGroupsTaggingAPIClient);
  for await (const page of paginateGetResources({ client }, { TagFilters: [{ Key: MARK_TAG }], ResourcesPerPage: 100 })) {
    for (const mapping of page.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN) continue;
      const mark = mapping.Tags?.find((t) => t.Key === MARK_TAG)?.Value ?? '';
      found.push({ id: mapping.ResourceARN, kind: 'tagged-resource', mark });
    }
  }
  return found;
}

async function markedAutoScalingGroups(clients: AwsClients): Promise<MarkedResource[]> {
  const found: MarkedResource[] = [];
  const client = clients.get(AutoScalingClient);
  for await (const page of paginateDescribeTags({ client }, { Filters: [{ Name: 'key', Values: [MARK_TAG] }] })) {
    for (const tag of page.Tags ?? []) {
      // Checked again here: the filter is the service's, the removal is ours.
      if (tag.Key === MARK_TAG && tag.ResourceId && tag.ResourceType === 'auto-scaling-group') {
        found.push({ id: tag.ResourceId, kind: 'auto-scaling-group', mark: tag.Value ?? '' });
      }
    }
  }
  return found;
}

/** One listing; a failure is the region's news (couldNotRead), except bad credentials, which end the run. */
async function listing(
  source: string,
  read: () => Promise<MarkedResource[]>,
  couldNotRead: RegionUnmark['couldNotRead'],
): Promise<MarkedResource[]> {
  try {
    return await read();
  } catch (error) {
    if (credentialsProblem(error)) throw error;
    couldNotRead.push({ source, error: errorText(error) });
    return [];
  }
}

/** One DeleteTags per group: the call is all-or-nothing, so each group gets its own result. */
async function unmarkGroup(clients: AwsClients, name: string): Promise<string | undefined> {
  try {
    await clients
      .get(AutoScalingClient)
      .send(new DeleteTagsCommand({ Tags: [{ ResourceId: name, ResourceType: 'auto-scaling-group', Key: MARK_TAG }] }));
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

async function unmarkAll(clients: AwsClients, found: readonly MarkedResource[]): Promise<UnmarkLine[]> {
  const arns = found.filter((r) => r.kind === 'tagged-resource').map((r) => r.id);
  // ≤20 ARNs per UntagResources; FailedResourcesMap entries come back per ARN.
  const taggingFailures = await untagResources(clients, arns, [MARK_TAG]);
  const lines: UnmarkLine[] = [];
  for (const r of found) {
    const error = r.kind === 'auto-scaling-group' ? await unmarkGroup(clients, r.id) : taggingFailures.get(r.id);
    lines.push(error === undefined ? { ...r, result: 'unmarked' } : { ...r, result: 'failed', error });
  }
  return lines;
}

export async function unmarkRegion(options: UnmarkOptions & { accountId: string; region: string }): Promise<RegionUnmark> {
  const { region } = options;
  const target: AwsTarget = { accountId: options.accountId, region, credentials: options.credentials, endpoint: options.endpoint };
  // A dry run cannot write even by mistake: it gets the plan's read-only clients.
  const clients = options.dryRun ? new ReadOnlyAwsClients(target) : new UnmarkAwsClients(target);
  const couldNotRead: RegionUnmark['couldNotRead'] = [];
  const found = await listing(TAGGING, () => markedViaTagging(clients), couldNotRead);
  if (options.autoScaling) found.push(...(await listing(AUTO_SCALING, () => markedAutoScalingGroups(clients), couldNotRead)));
  const resources = options.dryRun ? found.map((r): UnmarkLine => ({ ...r, result: 'would-unmark' })) : await unmarkAll(clients, found);
  return { region, resources, couldNotRead };
}

async function accountIdOf(clients: AwsClients): Promise<string> {
  const sts = clients.get(STSClient);
  const identity = await sts.config.credentials();
  if (identity.accountId) return identity.accountId;
  // Long-term keys do not carry the account.
  const caller = await sts.send(new GetCallerIdentityCommand({}));
  if (!caller.Account) throw new Error('could not determine the AWS account id from the credentials: pass --account-id');
  return caller.Account;
}

/** Every region in turn. Credential trouble throws; everything else is reported per resource or listing. */
export async function runUnmark(options: UnmarkOptions): Promise<UnmarkResult> {
  const [first] = options.regions;
  const accountId =
    options.accountId ??
    (await accountIdOf(
      new ReadOnlyAwsClients({ accountId: '', region: first, credentials: options.credentials, endpoint: options.endpoint }),
    ));
  const regions: RegionUnmark[] = [];
  for (const region of options.regions) regions.push(await unmarkRegion({ ...options, accountId, region }));
  return { accountId, dryRun: options.dryRun, regions };
}
