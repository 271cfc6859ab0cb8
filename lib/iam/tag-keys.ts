import { KEPT_BY_TAG } from '../../lambda/core/keep-choice';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import type { IamConditions } from './statement';

/** The Resource Groups Tagging API's own write actions: no resource types, no condition keys. */
export const TAGGING_API_WRITE_ACTIONS = ['tag:TagResources', 'tag:UntagResources'] as const;

/**
 * Tag actions whose service evaluates neither `aws:TagKeys` nor `aws:RequestTag` (AWS's authorization
 * data), so no grant of them can be limited by key: the README's exception table lists them.
 */
export const UNSCOPABLE_TAG_ACTIONS: Readonly<Record<string, string>> = {
  's3:PutBucketTagging':
    "Rewrites a bucket's whole tag set and evaluates no tag-key condition key; the tagging API may use it for buckets without ABAC (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAbac.html).",
};

/** Reads among the plug-ins' tag actions (the tagging API merges a bucket's tags before writing them). */
const TAG_READS = new Set(['s3:GetBucketTagging']);
const REMOVES =
  /:(DeleteTags|RemoveTags|RemoveTagsFromResource|RemoveTagsFromStream|UntagResource|UntagResources|UntagQueue|UntagLogGroup|DELETE)$/;
const WRITES =
  /:(CreateTags|AddTags|AddTagsToResource|AddTagsToStream|TagResource|TagResources|TagQueue|TagLogGroup|CreateOrUpdateTags|PUT|POST)$/;

export type TagActionKind = 'write' | 'remove' | 'read' | 'unscopable';

/** What a tag action does; an action this does not know fails the synth rather than be granted unscoped. */
export function tagActionKind(action: string): TagActionKind {
  if (action in UNSCOPABLE_TAG_ACTIONS) return 'unscopable';
  if (TAG_READS.has(action)) return 'read';
  if (REMOVES.test(action)) return 'remove';
  if (WRITES.test(action)) return 'write';
  throw new Error(`${action}: unknown tag action; classify it in lib/iam/tag-keys.ts`);
}

/** The tag keys a role may write and remove. */
export interface TagKeyRights {
  readonly write: readonly string[];
  readonly remove: readonly string[];
}

/** The sweep writes and removes the mark only (dependents' marks included). */
export const SWEEP_TAG_KEYS: TagKeyRights = { write: [MARK_TAG], remove: [MARK_TAG] };

/** A Keep click exempts and signs; it may take the mark off, never put it on. */
export const KEEP_TAG_KEYS: TagKeyRights = { write: [EXEMPT_TAG, KEPT_BY_TAG], remove: [MARK_TAG] };

/**
 * Only these keys, and at least one key: ForAllValues alone is true for a request without
 * `aws:TagKeys`, hence the Null check (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
export function onlyTagKeys(keys: readonly string[]): IamConditions {
  return { 'ForAllValues:StringEquals': { 'aws:TagKeys': [...keys] }, Null: { 'aws:TagKeys': 'false' } };
}
