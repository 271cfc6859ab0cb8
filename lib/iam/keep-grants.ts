import type { ResourceType } from '../../lambda/resources/resource-type';
import { janitorActions, TAGGING_API_READ_ACTIONS } from './janitor-actions';
import { allow, type Grant, mergeGrants } from './statement';
import { tagGrants } from './tag-grants';
import { KEEP_TAG_KEYS } from './tag-keys';

export interface KeepGrantOptions {
  /** Member keep roles the Keep worker may assume (ARN patterns with `${Partition}`). */
  readonly memberRoleArns: readonly string[];
}

const READ_WHY = "tag:GetResources has no resource-level permissions; the worker re-reads the clicked resource's tags.";
const ASSUME_WHY =
  'Accounts under the configured OUs (or beyond the listed-account limit) are known only at run time; the grant names the tag-only member keep role, which trusts this role only.';

/**
 * The Keep worker's grants: write `janitor:exempt` and `janitor:kept-by`, remove the mark, on the
 * enabled types only. Never write the mark, never delete: a hijacked public endpoint can exempt a
 * resource, not doom one.
 */
export function keepGrants(types: readonly ResourceType[], options: KeepGrantOptions): Grant[] {
  return mergeGrants([
    allow([...TAGGING_API_READ_ACTIONS], ['*'], READ_WHY),
    ...tagGrants(janitorActions(types).grants.tag, KEEP_TAG_KEYS),
    ...(options.memberRoleArns.length > 0 ? [allow(['sts:AssumeRole'], options.memberRoleArns, ASSUME_WHY)] : []),
  ]);
}
