import { deny, type Grant } from './statement';

/** Buckets of the CDK bootstrap stack (default qualifier): deploys break without them. */
export const CDK_BOOTSTRAP_BUCKETS = 'cdk-hnb659fds-*';

/** What the `s3:bucket` type may do unconditioned that would destroy a bucket or its contents. */
export const BUCKET_DESTRUCTIVE_ACTIONS = ['s3:DeleteBucket', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutBucketTagging'] as const;

/**
 * What no janitor role may ever do to its own audit bucket: records are added, never removed, and
 * the rules that keep them (lifecycle, versioning, policy, locks, encryption, access) stay as deployed.
 */
export const AUDIT_BUCKET_DENIED_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:DeleteObject',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersion',
  's3:DeleteObjectVersionTagging',
  's3:PutBucketAcl',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketTagging',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutObjectAcl',
  's3:PutObjectLegalHold',
  's3:PutObjectRetention',
  's3:PutReplicationConfiguration',
] as const;

/** A bucket and every object in it, as ARN patterns (`${Partition}` for the partition). */
export function bucketArns(bucketNameOrGlob: string): string[] {
  return [`arn:\${Partition}:s3:::${bucketNameOrGlob}`, `arn:\${Partition}:s3:::${bucketNameOrGlob}/*`];
}

/**
 * An explicit Deny, so no Allow (the bucket type's unconditioned deletes on `*`) can reach the CDK
 * bootstrap buckets or the user's `protections.buckets`. None when no destructive S3 action is granted.
 */
export function protectedBucketsDeny(grantedActions: readonly string[], protectedBuckets: readonly string[]): Grant[] {
  const destructive = BUCKET_DESTRUCTIVE_ACTIONS.filter((a) => grantedActions.includes(a));
  if (destructive.length === 0) return [];
  const buckets = [CDK_BOOTSTRAP_BUCKETS, ...protectedBuckets];
  return [
    deny(
      destructive,
      buckets.flatMap(bucketArns),
      'Protected buckets (CDK bootstrap, protections.buckets) are never deleted, emptied or retagged.',
    ),
  ];
}
