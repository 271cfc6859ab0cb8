import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { type JanitorActions, janitorActions } from '../iam/janitor-actions';
import type { Grant } from '../iam/statement';
import { type IacReadGrants, sweepGrants } from '../iam/sweep-grants';
import { attachGrants } from './packed-policies';

export interface JanitorRoleProps {
  /** The enabled types only: a type that is not swept gets no permission at all. */
  readonly resourceTypes: readonly ResourceType[];
  /** Who may use the role; default Lambda. The member stack passes the janitor's account, with conditions. */
  readonly assumedBy?: iam.IPrincipal;
  /** A fixed name: member roles trust the janitor's by name, the janitor finds member roles by name. */
  readonly roleName?: string;
  readonly description?: string;
  /** ARN (pattern) of the Slack bot token secret; the only secret the role may read. */
  readonly slackTokenSecretArn?: string;
  readonly logGroup?: logs.ILogGroup;
  /** Member-account sweep roles it may assume (ARN patterns, `${Partition}` for the partition). */
  readonly memberRoleArns?: readonly string[];
  /** `owners.fromCloudTrail`: who created a resource, from its CloudTrail event. */
  readonly lookUpOwnersInCloudTrail?: boolean;
  /** `targets.resourceExplorerPrecheck`: reads the region's Resource Explorer set-up. */
  readonly resourceExplorerPrecheck?: boolean;
  /** `protections.buckets`: never deleted, emptied or retagged (CDK bootstrap buckets always). */
  readonly protectedBuckets?: readonly string[];
  /** IaC evidence this role reads (stacks; state files for the janitor's own role). */
  readonly iac?: IacReadGrants;
}

/**
 * The sweep's permissions, as a role: the janitor Lambda's execution role in its own account, and
 * the member sweep role in every other account (same grants, so member accounts are never swept with
 * more than the janitor's least privilege). The grants (lib/iam/sweep-grants.ts) are customer
 * managed policies packed to IAM's quotas; logging and the secret stay inline.
 */
export class JanitorRole extends Construct {
  readonly role: iam.Role;
  readonly actions: JanitorActions;
  readonly grants: Grant[];
  readonly managedPolicies: iam.ManagedPolicy[];

  constructor(scope: Construct, id: string, props: JanitorRoleProps) {
    super(scope, id);
    this.actions = janitorActions(props.resourceTypes);

    // No AWSLambdaBasicExecutionRole: it allows writing to every log group (cdk-nag IAM4/IAM5).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: props.assumedBy ?? new iam.ServicePrincipal('lambda.amazonaws.com'),
      roleName: props.roleName,
      description: props.description ?? 'Untagged-resource janitor: inventories, tags and deletes the enabled resource types',
    });

    if (props.logGroup) {
      // Logging only to the function's own log group.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroup.logGroupArn] }),
      );
    }
    if (props.slackTokenSecretArn) {
      // The Slack bot token and nothing else in Secrets Manager.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.slackTokenSecretArn] }),
      );
    }

    this.grants = sweepGrants(props.resourceTypes, {
      protectedBuckets: props.protectedBuckets ?? [],
      memberRoleArns: props.memberRoleArns ?? [],
      ownerLookup: props.lookUpOwnersInCloudTrail ?? false,
      resourceExplorerPrecheck: props.resourceExplorerPrecheck ?? false,
      iac: props.iac,
    });
    this.managedPolicies = attachGrants(this, 'SweepGrants', this.role, this.grants);
  }
}
