import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ResourceType } from '../../lambda/resources/resource-type';

/** The Resource Groups Tagging API actions every sweep uses, whatever types are enabled. */
export const TAGGING_API_READ_ACTIONS = ['tag:GetResources'] as const;
export const TAGGING_API_WRITE_ACTIONS = ['tag:TagResources', 'tag:UntagResources'] as const;

export interface JanitorActions {
  /** Inventory and tag reads. */
  readonly read: string[];
  /** Writing and removing the janitor's own tags. */
  readonly tag: string[];
  /** Deleting (and whatever a delete reads first). */
  readonly delete: string[];
}

/** The IAM actions for exactly these types: each list deduplicated and sorted. */
export function janitorActions(types: readonly ResourceType[]): JanitorActions {
  const union = (actions: readonly string[]) => [...new Set(actions)].sort();
  return {
    read: union([...TAGGING_API_READ_ACTIONS, ...types.flatMap((t) => t.iam.read)]),
    tag: union([...TAGGING_API_WRITE_ACTIONS, ...types.flatMap((t) => t.iam.tag)]),
    delete: union(types.flatMap((t) => t.iam.delete)),
  };
}

export interface JanitorRoleProps {
  /** The enabled types only: a type that is not swept gets no permission at all. */
  readonly resourceTypes: readonly ResourceType[];
  /** ARN (pattern) of the Slack bot token secret; the only secret the role may read. */
  readonly slackTokenSecretArn: string;
  readonly logGroup: logs.ILogGroup;
}

/**
 * The janitor Lambda's execution role. One inline policy per purpose (read, tag, delete) so each
 * wildcard carries its own cdk-nag suppression and reason, and the delete grant is easy to audit.
 */
export class JanitorRole extends Construct {
  readonly role: iam.Role;
  readonly actions: JanitorActions;

  constructor(scope: Construct, id: string, props: JanitorRoleProps) {
    super(scope, id);
    this.actions = janitorActions(props.resourceTypes);

    // No AWSLambdaBasicExecutionRole: it allows writing to every log group (cdk-nag IAM4/IAM5).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Untagged-resource janitor: inventories, tags and deletes the enabled resource types',
    });

    // Logging only to the function's own log group.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [props.logGroup.logGroupArn],
      }),
    );
    // The Slack bot token and nothing else in Secrets Manager.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [props.slackTokenSecretArn],
      }),
    );

    this.addWildcardPolicy(
      'InventoryReadPolicy',
      this.actions.read,
      'List/Describe calls and tag:GetResources do not support resource-level permissions: the sweep must see every resource of the enabled types to find the untagged ones.',
    );
    this.addWildcardPolicy(
      'TaggingPolicy',
      this.actions.tag,
      'The janitor tags resources nobody declared in IaC, so their ARNs cannot be known at deploy time; tag:TagResources/UntagResources have no resource-level permissions. Limited to the enabled types\' tagging actions; aws:ResourceTag conditions follow in a later change.',
    );
    this.addWildcardPolicy(
      'DeletionPolicy',
      this.actions.delete,
      'Deletion targets are hand-made resources whose ARNs cannot be known at deploy time. Limited to the enabled types\' delete actions; the Lambda only deletes resources it marked a grace period earlier, and aws:ResourceTag conditions follow in a later change.',
    );
  }

  private addWildcardPolicy(id: string, actions: readonly string[], reason: string): void {
    if (actions.length === 0) return;
    const policy = new iam.Policy(this, id, {
      statements: [new iam.PolicyStatement({ actions: [...actions], resources: ['*'] })],
    });
    policy.attachToRole(this.role);
    // Acknowledge exactly the wildcards this policy has: `*` resources, plus any wildcard action a
    // type declares (cdk-nag 3 reports, and acknowledges, each finding separately).
    const findings = ['Resource::*', ...actions.filter((a) => a.includes('*')).map((a) => `Action::${a}`)];
    Validations.of(policy).acknowledge(...findings.map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })));
  }
}
