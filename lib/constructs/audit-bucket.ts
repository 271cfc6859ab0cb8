import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ANNOUNCEMENTS_PREFIX } from '../../lambda/audit/announcement-ledger';
import { EVIDENCE_PREFIX } from '../../lambda/audit/evidence-sizes';
import { runKeys } from '../../lambda/fanout/run-store';
import { AUDIT_BUCKET_DENIED_ACTIONS } from '../iam/protected-buckets';

export interface AuditBucketProps {
  readonly retentionDays: number;
}

/**
 * Where every run writes its JSON record: decisions, actions, and each deleted resource's
 * configuration. Encrypted, private, TLS-only, versioned (a record is never silently overwritten),
 * kept when the stack is deleted, and expired after the configured retention.
 */
export class AuditBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'expire-audit-records',
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          transitions:
            props.retentionDays > 90 ? [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] : [],
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the janitor writes here, once per run, and every write is in its structured log; server access logs would need a second bucket for no new information.',
    });
  }

  /** The run objects under `executions/` (targets, per-target reports): written by plan and sweep, read by the report. */
  grantRunObjects(role: iam.IRole, access: 'read' | 'write'): void {
    const id = `${role.node.id}${access === 'read' ? 'ReadRunObjects' : 'WriteRunObjects'}`;
    const policy = new iam.Policy(role.node.scope as Construct, `${id}Policy`, {
      statements: [
        new iam.PolicyStatement({
          actions: access === 'read' ? ['s3:GetObject'] : ['s3:PutObject'],
          resources: [this.bucket.arnForObjects(`${runKeys.prefix}*`)],
        }),
      ],
    });
    policy.attachToRole(role);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/${runKeys.prefix}*]`,
      reason:
        "Each execution's objects have keys containing its run id, unknown at deploy time; limited to the executions/ prefix of this one bucket.",
    });
  }

  /**
   * The announcement ledger under `announcements/`: the sweep records what it announced (new keys
   * only) and reads a target's announcements back (list by prefix, get).
   */
  grantAnnouncements(role: iam.IRole): void {
    this.grantRecordsUnder(
      role,
      'AnnouncementsPolicy',
      ANNOUNCEMENTS_PREFIX,
      "Each run's announcement object has a key containing the target and run start, unknown at deploy time; limited to announcements/ in this one bucket.",
    );
  }

  /** Each night's IaC evidence size under `evidence/`, for the next night's shrink check. */
  grantEvidenceSizes(role: iam.IRole): void {
    this.grantRecordsUnder(
      role,
      'EvidenceSizesPolicy',
      EVIDENCE_PREFIX,
      "Each night's evidence size object has a key containing the target and run start; limited to evidence/ in this one bucket.",
    );
  }

  /** Put, get and list under one prefix of this bucket. */
  private grantRecordsUnder(role: iam.IRole, id: string, prefix: string, reason: string): void {
    const policy = new iam.Policy(this, id, {
      statements: [
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects(`${prefix}*`)] }),
        new iam.PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [this.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': `${prefix}*` } },
        }),
      ],
    });
    policy.attachToRole(role);
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[Resource::<${this.bucketLogicalId()}.Arn>/${prefix}*]`, reason });
  }

  /** An identity-side Deny on top of the bucket policy's, for a role that holds S3 deletes on "*". */
  denyDestructiveActionsIn(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: [...AUDIT_BUCKET_DENIED_ACTIONS],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
  }

  /**
   * Append-only for these roles (every role of the janitor stack): the bucket policy denies them
   * deleting any object or version and changing lifecycle, versioning, policy, locks or access,
   * whatever their identity policies allow. An explicit Deny in a resource policy wins over any
   * Allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
   */
  appendOnlyFor(roles: readonly iam.IRole[]): void {
    if (roles.length === 0) return;
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AppendOnlyForTheJanitor',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: [...AUDIT_BUCKET_DENIED_ACTIONS],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
        conditions: { ArnEquals: { 'aws:PrincipalArn': roles.map((r) => r.roleArn) } },
      }),
    );
  }

  private bucketLogicalId(): string {
    return Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
  }

  /** Writing records only (no read, no delete); reading them is for people, through their own roles. */
  grantWriteRecords(role: iam.IRole): void {
    const policy = new iam.Policy(this, 'WriteRecordsPolicy', {
      statements: [new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('runs/*')] })],
    });
    policy.attachToRole(role);
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/runs/*]`,
      reason:
        'Each run writes a new record whose key contains its start time; the grant is limited to PutObject under runs/ in this one bucket.',
    });
  }
}
