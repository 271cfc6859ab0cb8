import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MARK_TAG } from '../../lambda/core/model';
import type { ResourceType } from '../../lambda/resources/resource-type';

/** The Resource Groups Tagging API actions every sweep uses, whatever types are enabled. */
export const TAGGING_API_READ_ACTIONS = ['tag:GetResources'] as const;
export const TAGGING_API_WRITE_ACTIONS = ['tag:TagResources', 'tag:UntagResources'] as const;

/**
 * The condition on every `delete` grant: the resource carries the janitor's mark, whatever its value.
 * `Null: false` rather than a value check because the mark's value is a deadline that changes.
 */
export const MARK_CONDITION = { Null: { [`aws:ResourceTag/${MARK_TAG}`]: 'false' } } as const;

/** Stands for the stack's partition in the ARN patterns of `ResourceType.iam.resources`. */
export const PARTITION_PLACEHOLDER = '${Partition}';

export type GrantPurpose = 'read' | 'tag' | 'delete' | 'deleteUnconditioned';

/** One policy statement's worth: actions on the same resources. */
export interface JanitorGrant {
  readonly actions: string[];
  /** `*`, or ARN patterns with `${Partition}` for the partition. */
  readonly resources: string[];
}

/** An action one type gets only with the mark, but some enabled type also gets without it on `*`. */
export interface ConditionOverlap {
  readonly action: string;
  /** Types whose `delete` lists it (their resources lose IAM's mark check for this action). */
  readonly conditionedFor: string[];
  /** Who grants it without the mark, e.g. `rds:cluster (deleteUnconditioned)`, `dynamodb:table (read)`. */
  readonly unconditionedBy: string[];
}

export interface JanitorActions {
  /** Inventory and tag reads. */
  readonly read: string[];
  /** Writing and removing the janitor's own tags. */
  readonly tag: string[];
  /** Granted only on resources carrying the mark (moot ones, see `overlaps`, left out). */
  readonly delete: string[];
  /** Granted for deletion without the mark condition (on `*` or narrowed ARNs). */
  readonly deleteUnconditioned: string[];
  /** The statements, per purpose. */
  readonly grants: Readonly<Record<GrantPurpose, JanitorGrant[]>>;
  /** Conditioned actions an unconditioned `*` grant makes moot; dropped from the conditioned statements. */
  readonly overlaps: ConditionOverlap[];
}

const WILDCARD = ['*'];
const sortedUnique = (values: Iterable<string>) => [...new Set(values)].sort();

interface Pair {
  readonly typeId: string;
  readonly action: string;
  readonly resources: readonly string[];
}

/** Every (action, resources) a purpose needs, per type; the tagging API's own actions under `tagging-api`. */
function pairsOf(types: readonly ResourceType[], purpose: GrantPurpose): Pair[] {
  const pairs: Pair[] = [];
  if (purpose === 'read') pairs.push(...TAGGING_API_READ_ACTIONS.map((action) => ({ typeId: 'tagging-api', action, resources: WILDCARD })));
  if (purpose === 'tag') pairs.push(...TAGGING_API_WRITE_ACTIONS.map((action) => ({ typeId: 'tagging-api', action, resources: WILDCARD })));
  for (const type of types) {
    const { iam: needs } = type;
    const scopes = needs.resources;
    if (purpose === 'deleteUnconditioned') {
      for (const action of needs.deleteUnconditioned ?? []) {
        pairs.push({ typeId: type.id, action, resources: scopes?.deleteUnconditioned?.[action] ?? WILDCARD });
      }
    } else {
      for (const action of needs[purpose]) pairs.push({ typeId: type.id, action, resources: scopes?.[purpose] ?? WILDCARD });
    }
  }
  return pairs;
}

const onWildcard = (pair: Pair) => pair.resources.includes('*');

/** Groups pairs into statements by resource list. */
function grantsOf(pairs: readonly Pair[]): JanitorGrant[] {
  const byResources = new Map<string, { resources: string[]; actions: Set<string> }>();
  for (const pair of pairs) {
    const resources = onWildcard(pair) ? WILDCARD : sortedUnique(pair.resources);
    const key = resources.join('\n');
    const entry = byResources.get(key) ?? { resources, actions: new Set<string>() };
    entry.actions.add(pair.action);
    byResources.set(key, entry);
  }
  // `*` first, then by pattern: a stable template.
  return [...byResources.values()]
    .sort((a, b) => (a.resources[0] === '*' ? -1 : b.resources[0] === '*' ? 1 : a.resources.join().localeCompare(b.resources.join())))
    .map(({ resources, actions }) => ({ actions: sortedUnique(actions), resources }));
}

/**
 * The IAM grants for exactly these types. A `delete` action that some grant also gives without the
 * mark on `*` is left out of the conditioned statements (the condition would be moot there) and
 * reported in `overlaps` instead, so the conditioned list never claims a protection it lacks.
 */
export function janitorActions(types: readonly ResourceType[]): JanitorActions {
  const read = pairsOf(types, 'read');
  const tag = pairsOf(types, 'tag');
  const unconditioned = pairsOf(types, 'deleteUnconditioned');
  const conditioned = pairsOf(types, 'delete');

  const withoutMark = new Map<string, Set<string>>();
  for (const [purpose, pairs] of [['read', read], ['tag', tag], ['deleteUnconditioned', unconditioned]] as const) {
    for (const pair of pairs.filter(onWildcard)) {
      const by = withoutMark.get(pair.action) ?? new Set<string>();
      by.add(`${pair.typeId} (${purpose})`);
      withoutMark.set(pair.action, by);
    }
  }
  const overlaps = sortedUnique(conditioned.filter((p) => withoutMark.has(p.action)).map((p) => p.action)).map((action) => ({
    action,
    conditionedFor: sortedUnique(conditioned.filter((p) => p.action === action).map((p) => p.typeId)),
    unconditionedBy: sortedUnique(withoutMark.get(action) ?? []),
  }));
  const effective = conditioned.filter((p) => !withoutMark.has(p.action));

  const actionsOf = (pairs: readonly Pair[]) => sortedUnique(pairs.map((p) => p.action));
  return {
    read: actionsOf(read),
    tag: actionsOf(tag),
    delete: actionsOf(effective),
    deleteUnconditioned: actionsOf(unconditioned),
    grants: { read: grantsOf(read), tag: grantsOf(tag), delete: grantsOf(effective), deleteUnconditioned: grantsOf(unconditioned) },
    overlaps,
  };
}

/** One action the role may use on a resource that does not carry the mark, and why. */
export interface UnmarkedDeletionGrant {
  readonly type: string;
  readonly action: string;
  /** `*`, or the ARN patterns (`${Partition}` for the partition) the grant is narrowed to. */
  readonly resources: readonly string[];
  readonly reason: string;
}

/** Describe/List/Get calls read, they cannot delete. */
const READ_ONLY_ACTION = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z0-9]*$/;

/**
 * For documentation: the non-read actions of the enabled types that IAM allows on resources without
 * the mark, i.e. where only the janitor's own code (not IAM) stands between a bug and the resource.
 */
export function actionsThatCanDeleteWithoutMark(types: readonly ResourceType[]): UnmarkedDeletionGrant[] {
  return types.flatMap((type) =>
    (type.iam.deleteUnconditioned ?? [])
      .filter((action) => !READ_ONLY_ACTION.test(action))
      .map((action) => ({
        type: type.id,
        action,
        resources: type.iam.resources?.deleteUnconditioned?.[action] ?? WILDCARD,
        reason: type.iam.deleteUnconditionedReason ?? '',
      })),
  );
}

export interface JanitorRoleProps {
  /** The enabled types only: a type that is not swept gets no permission at all. */
  readonly resourceTypes: readonly ResourceType[];
  /** Who may use the role; default Lambda. The member stack passes the janitor's account, with conditions. */
  readonly assumedBy?: iam.IPrincipal;
  /** A fixed name (the member role, which the janitor finds by name); default generated. */
  readonly roleName?: string;
  readonly description?: string;
  /** ARN (pattern) of the Slack bot token secret; the only secret the role may read. */
  readonly slackTokenSecretArn?: string;
  readonly logGroup?: logs.ILogGroup;
  /** Member-account roles the sweep may assume (ARN patterns). */
  readonly memberRoleArns?: readonly string[];
  /** `owners.fromCloudTrail`: who created a resource, from its CloudTrail event. */
  readonly lookUpOwnersInCloudTrail?: boolean;
}

/**
 * Lets `role` assume the member roles (ARN patterns). A `*` account stands for the accounts of
 * the configured OUs, unknown at deploy time; its cdk-nag finding is acknowledged with that reason.
 */
export function grantAssumeMemberRoles(scope: Construct, role: iam.IRole, memberRoleArns: readonly string[]): void {
  if (memberRoleArns.length === 0) return;
  const policy = new iam.Policy(scope, 'AssumeMemberRolesPolicy', {
    statements: [new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...memberRoleArns] })],
  });
  policy.attachToRole(role);
  const partition = Stack.of(scope).partition;
  const flatPartition = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
  Validations.of(policy).acknowledge(
    ...memberRoleArns
      .filter((arn) => arn.includes('*'))
      .map((arn) => ({
        id: `AwsSolutions-IAM5[Resource::${arn.split(partition).join(flatPartition)}]`,
        reason:
          'Accounts under the configured OUs are resolved at run time, so their ids are unknown at deploy time; the grant names the member role only, and each member role trusts this janitor only.',
      })),
  );
}

/**
 * The sweep's permissions, as a role: the janitor Lambda's execution role in its own account, and
 * the member role in every other account (same grants, so member accounts are never swept with
 * more than the janitor's least privilege). One inline policy per purpose (read, tag, delete only
 * what carries the mark, what deletion needs without it) so each wildcard carries its own cdk-nag
 * acknowledgement and reason, and the delete grants are easy to audit.
 */
export class JanitorRole extends Construct {
  readonly role: iam.Role;
  readonly actions: JanitorActions;

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
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [props.logGroup.logGroupArn],
        }),
      );
    }
    if (props.slackTokenSecretArn) {
      // The Slack bot token and nothing else in Secrets Manager.
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [props.slackTokenSecretArn],
        }),
      );
    }
    if (props.memberRoleArns) grantAssumeMemberRoles(this, this.role, props.memberRoleArns);
    if (props.lookUpOwnersInCloudTrail) {
      const policy = new iam.Policy(this, 'OwnerLookupPolicy', {
        statements: [new iam.PolicyStatement({ actions: ['cloudtrail:LookupEvents'], resources: ['*'] })],
      });
      policy.attachToRole(this.role);
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudtrail:LookupEvents has no resource-level permissions; used only for the resources about to be warned about, at most 2 calls/s (owners.fromCloudTrail).',
      });
    }

    const { grants } = this.actions;
    this.addGrantPolicy(
      'InventoryReadPolicy',
      grants.read,
      undefined,
      'List/Describe calls and tag:GetResources do not support resource-level permissions: the sweep must see every resource of the enabled types to find the untagged ones. API Gateway reads are limited to the API collections.',
    );
    this.addGrantPolicy(
      'TaggingPolicy',
      grants.tag,
      undefined,
      "The janitor tags resources nobody declared in IaC, so their ARNs cannot be known at deploy time, and marking must reach resources that carry no mark yet; tag:TagResources/UntagResources have no resource-level permissions. Limited to the enabled types' tagging actions (API Gateway: its /tags/* paths only).",
    );
    this.addGrantPolicy(
      'DeletionPolicy',
      grants.delete,
      MARK_CONDITION,
      `Deletion targets are hand-made resources whose ARNs cannot be known at deploy time. Every action here is conditioned on the resource carrying the janitor's mark (aws:ResourceTag/${MARK_TAG} present), so IAM refuses it on any resource the janitor has not marked.`,
    );
    this.addGrantPolicy('UnconditionedDeletionPolicy', grants.deleteUnconditioned, undefined, unconditionedReason(props.resourceTypes));
  }

  private addGrantPolicy(id: string, grants: readonly JanitorGrant[], condition: typeof MARK_CONDITION | undefined, reason: string): void {
    if (grants.length === 0) return;
    const partition = Stack.of(this).partition;
    const statements = grants.map(
      (grant) =>
        new iam.PolicyStatement({
          actions: grant.actions,
          resources: grant.resources.map((pattern) => pattern.split(PARTITION_PLACEHOLDER).join(partition)),
          conditions: condition,
        }),
    );
    const policy = new iam.Policy(this, id, { statements });
    policy.attachToRole(this.role);

    // Acknowledge exactly the wildcards this policy has, as cdk-nag 3 reports them (one finding per
    // wildcard action or resource; tokens flattened, the partition as `<AWS::Partition>`).
    const flatPartition = Token.isUnresolved(partition) ? '<AWS::Partition>' : partition;
    const findings = sortedUnique(
      grants.flatMap((grant) => [
        ...grant.actions.filter((a) => a.includes('*')).map((a) => `Action::${a}`),
        ...grant.resources.filter((r) => r.includes('*')).map((r) => `Resource::${r.split(PARTITION_PLACEHOLDER).join(flatPartition)}`),
      ]),
    );
    Validations.of(policy).acknowledge(...findings.map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason })));
  }
}

/** The unconditioned policy's acknowledgement: each enabled type's own reason, so auditors see why. */
function unconditionedReason(types: readonly ResourceType[]): string {
  const reasons = types
    .filter((t) => (t.iam.deleteUnconditioned ?? []).length > 0)
    .map((t) => `${t.id}: ${t.iam.deleteUnconditionedReason ?? 'no reason given'}`);
  return `Actions deletion needs that cannot be conditioned on the janitor's mark, limited to the enabled types' needs (backups narrowed to their own ARNs). ${reasons.join(' ')}`;
}
