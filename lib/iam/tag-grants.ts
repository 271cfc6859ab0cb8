import type { JanitorGrant } from './janitor-actions';
import { allow, type Grant } from './statement';
import { onlyTagKeys, type TagActionKind, type TagKeyRights, tagActionKind, UNSCOPABLE_TAG_ACTIONS } from './tag-keys';

const TAG_WHY =
  "Marking must reach resources nobody declared in IaC, whose ARNs are unknown at deploy time; each service's tag action is limited by aws:TagKeys to the janitor's own keys.";
const TAGGING_API_WHY =
  'tag:TagResources/UntagResources have no resource types and no condition keys; IAM also checks the service tag action underneath, which is limited by key (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_TagResources.html).';
const UNSCOPABLE_WHY = `Tag actions that evaluate no tag-key condition key: ${Object.entries(UNSCOPABLE_TAG_ACTIONS)
  .map(([action, why]) => `${action}: ${why}`)
  .join(' ')}`;

/**
 * The tag grants (from `janitorActions(...).grants.tag`) limited to the keys `rights` allows: writes
 * to `rights.write`, removals to `rights.remove`. What IAM cannot limit by key (the tagging API
 * itself, S3's whole-set PutBucketTagging) is granted without, each with its reason.
 */
export function tagGrants(grants: readonly JanitorGrant[], rights: TagKeyRights): Grant[] {
  return grants.flatMap((grant) => {
    const of = (kind: TagActionKind) => grant.actions.filter((a) => !a.startsWith('tag:') && tagActionKind(a) === kind);
    const tagApi = grant.actions.filter((a) => a.startsWith('tag:'));
    const unscoped = [...of('read'), ...of('unscopable')];
    return [
      ...(tagApi.length > 0 ? [allow(tagApi, grant.resources, TAGGING_API_WHY)] : []),
      ...(unscoped.length > 0 ? [allow(unscoped, grant.resources, UNSCOPABLE_WHY)] : []),
      ...(of('write').length > 0 ? [allow(of('write'), grant.resources, TAG_WHY, onlyTagKeys(rights.write))] : []),
      ...(of('remove').length > 0 ? [allow(of('remove'), grant.resources, TAG_WHY, onlyTagKeys(rights.remove))] : []),
    ];
  });
}
