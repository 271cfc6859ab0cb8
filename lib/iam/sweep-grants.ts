import type { JanitorConfig } from '../../lambda/config';
import { MARK_TAG } from '../../lambda/core/model';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { janitorActions, MARK_CONDITION, RESOURCE_EXPLORER_PRECHECK_ACTIONS } from './janitor-actions';
import { protectedBucketsDeny } from './protected-buckets';
import { allow, type Grant, mergeGrants } from './statement';
import { tagGrants } from './tag-grants';
import { SWEEP_TAG_KEYS } from './tag-keys';

export interface SweepGrantOptions {
  /** `protections.buckets`: bucket names or globs never deleted (the CDK bootstrap buckets always). */
  readonly protectedBuckets: readonly string[];
  /** Member roles the sweep may assume (ARN patterns with `${Partition}`). */
  readonly memberRoleArns: readonly string[];
  /** `owners.fromCloudTrail`: who created a resource, from its CloudTrail event. */
  readonly ownerLookup: boolean;
  /** IaC evidence read by this role: stack membership, and (the janitor's own role only) state files. */
  readonly iac?: IacReadGrants;
  /** `targets.resourceExplorerPrecheck`: the region's index and default view, and the types it indexes. */
  readonly resourceExplorerPrecheck?: boolean;
}

export interface IacReadGrants {
  readonly cloudFormation: boolean;
  /** Terraform and Pulumi state locations: read-only, on exactly these prefixes. */
  readonly stateSources: readonly { readonly bucket: string; readonly prefix: string }[];
}

const STACKS_WHY =
  'Stack membership is evidence that a resource is managed (never marked or deleted); ListStacks has no resource-level permissions.';
const STATE_WHY = 'IaC state files, read-only on the configured prefixes: what they name is never marked or deleted.';
const STATE_KMS_WHY = 'SSE-KMS encrypted state objects, decrypted only through S3 (kms:ViaService).';

/** Read-only grants for the configured IaC evidence. */
export function iacGrants(iac: IacReadGrants | undefined): Grant[] {
  if (!iac) return [];
  const stacks = iac.cloudFormation ? [allow(['cloudformation:ListStacks', 'cloudformation:ListStackResources'], ['*'], STACKS_WHY)] : [];
  return [...stacks, ...stateReadGrants(iac.stateSources)];
}

/** The configured Terraform and Pulumi state locations. */
export function stateSourcesOf(config: Pick<JanitorConfig, 'iac'>): IacReadGrants['stateSources'] {
  return [...config.iac.terraform.s3, ...config.iac.pulumi.s3].map(({ bucket, prefix }) => ({ bucket, prefix }));
}

/** Read-only on the state prefixes, with SSE-KMS decryption only through S3; none without a source. */
export function stateReadGrants(stateSources: IacReadGrants['stateSources']): Grant[] {
  if (stateSources.length === 0) return [];
  return [
    ...stateSources.flatMap(({ bucket, prefix }) => [
      allow(['s3:ListBucket'], [`arn:\${Partition}:s3:::${bucket}`], STATE_WHY, { StringLike: { 's3:prefix': [`${prefix}*`] } }),
      allow(['s3:GetObject'], [`arn:\${Partition}:s3:::${bucket}/${prefix}*`], STATE_WHY),
    ]),
    allow(['kms:Decrypt'], ['*'], STATE_KMS_WHY, { StringLike: { 'kms:ViaService': ['s3.*.amazonaws.com'] } }),
  ];
}

const READ_WHY =
  'List/Describe calls and tag:GetResources do not support resource-level permissions: the sweep must see every resource of the enabled types to find the untagged ones. API Gateway reads are limited to the API collections.';
const DELETE_WHY = `Deletion targets are hand-made resources whose ARNs cannot be known at deploy time. Every such action is conditioned on the resource carrying the janitor's mark (aws:ResourceTag/${MARK_TAG} present), so IAM refuses it on any resource the janitor has not marked.`;
const OWNER_WHY =
  'cloudtrail:LookupEvents has no resource-level permissions; used only for the resources about to be warned about, at most 2 calls/s (owners.fromCloudTrail).';
const PRECHECK_WHY =
  'targets.resourceExplorerPrecheck: whether the region has an index and an unfiltered default view, and which types it indexes, before trusting its search to skip types. Read-only, no resource-level permissions needed for what is read.';
const ASSUME_WHY =
  'Accounts under the configured OUs (or beyond the listed-account limit) are known only at run time; the grant names the member sweep role only, and that role trusts this janitor role only.';

/** The unconditioned grants' reason: each enabled type's own, so auditors see why. */
function unconditionedWhy(types: readonly ResourceType[]): string {
  const reasons = types
    .filter((t) => (t.iam.deleteUnconditioned ?? []).length > 0)
    .map((t) => `${t.id}: ${t.iam.deleteUnconditionedReason ?? 'no reason given'}`);
  return `Actions deletion needs that cannot be conditioned on the janitor's mark, limited to the enabled types' needs (backups narrowed to their own ARNs). ${reasons.join(' ')}`;
}

/**
 * The sweep's grants for exactly these types, in its own account and (the same) in every member
 * account: reads, tag writes of the mark only, deletion only of marked resources, the documented
 * unconditioned exceptions, and a Deny that keeps protected buckets out of the bucket type's reach.
 */
export function sweepGrants(types: readonly ResourceType[], options: SweepGrantOptions): Grant[] {
  const { grants, read, deleteUnconditioned } = janitorActions(types);
  return mergeGrants([
    ...grants.read.map((g) => allow(g.actions, g.resources, READ_WHY)),
    ...tagGrants(grants.tag, SWEEP_TAG_KEYS),
    ...grants.delete.map((g) => allow(g.actions, g.resources, DELETE_WHY, MARK_CONDITION)),
    ...grants.deleteUnconditioned.map((g) => allow(g.actions, g.resources, unconditionedWhy(types), g.conditions)),
    ...protectedBucketsDeny([...read, ...deleteUnconditioned, ...types.flatMap((t) => t.iam.tag)], options.protectedBuckets),
    ...(options.ownerLookup ? [allow(['cloudtrail:LookupEvents'], ['*'], OWNER_WHY)] : []),
    ...(options.resourceExplorerPrecheck ? [allow([...RESOURCE_EXPLORER_PRECHECK_ACTIONS], ['*'], PRECHECK_WHY)] : []),
    ...iacGrants(options.iac),
    ...(options.memberRoleArns.length > 0 ? [allow(['sts:AssumeRole'], options.memberRoleArns, ASSUME_WHY)] : []),
  ]);
}
