/**
 * Reading a synthesized template the way IAM would see it: each role's inline and managed policies
 * and trust policy, with CloudFormation's intrinsics resolved to plausible strings.
 */

export type CfnResource = { Type: string; Properties?: Record<string, any> };
export type CfnResources = Record<string, CfnResource>;
export interface PolicyDocument {
  Version?: string;
  Statement: Statement[];
}
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface Placeholders {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** For the simulator. */
export const SAMPLE: Placeholders = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };
/** For sizes: the longest values each placeholder can take, so measured sizes are upper bounds. */
export const LONGEST: Placeholders = { partition: 'aws-us-gov', region: 'ap-southeast-5', account: '123456789012' };

/** A plausible ARN for `Fn::GetAtt [id, Arn]`; names as long as AWS allows them when `longest`. */
function arnOf(logicalId: string, resources: CfnResources, p: Placeholders): string {
  const resource = resources[logicalId];
  const name = (resource?.Properties?.RoleName as string | undefined) ?? (p === LONGEST ? 'x'.repeat(64) : logicalId);
  switch (resource?.Type) {
    case 'AWS::Logs::LogGroup':
      return `arn:${p.partition}:logs:${p.region}:${p.account}:log-group:${p === LONGEST ? 'x'.repeat(512) : logicalId}:*`;
    case 'AWS::S3::Bucket':
      return `arn:${p.partition}:s3:::${p === LONGEST ? 'x'.repeat(63) : logicalId.toLowerCase()}`;
    case 'AWS::IAM::Role':
      return `arn:${p.partition}:iam::${p.account}:role/${name}`;
    case 'AWS::DynamoDB::Table':
      return `arn:${p.partition}:dynamodb:${p.region}:${p.account}:table/${p === LONGEST ? 'x'.repeat(255) : logicalId}`;
    case 'AWS::Lambda::Function':
      return `arn:${p.partition}:lambda:${p.region}:${p.account}:function:${p === LONGEST ? 'x'.repeat(64) : logicalId}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:${p.partition}:states:${p.region}:${p.account}:stateMachine:${p === LONGEST ? 'x'.repeat(80) : logicalId}`;
    default:
      return `arn:${p.partition}:service:${p.region}:${p.account}:${p === LONGEST ? 'x'.repeat(64) : logicalId}`;
  }
}

/** `Ref` of a resource: its name (buckets, tables, roles) or ARN (topics, state machines, policies). */
function refOf(logicalId: string, resources: CfnResources, p: Placeholders): string {
  const type = resources[logicalId]?.Type;
  if (type === 'AWS::SNS::Topic' || type === 'AWS::StepFunctions::StateMachine' || type === 'AWS::IAM::ManagedPolicy')
    return arnOf(logicalId, resources, p);
  if (type === 'AWS::S3::Bucket') return p === LONGEST ? 'x'.repeat(63) : logicalId.toLowerCase();
  return p === LONGEST ? 'x'.repeat(64) : logicalId.toLowerCase();
}

/** Resolves the intrinsics CDK puts in IAM policies (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split). */
export function resolve(value: unknown, resources: CfnResources, p: Placeholders = SAMPLE): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, resources, p));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    const pseudo: Record<string, string> = {
      'AWS::Partition': p.partition,
      'AWS::Region': p.region,
      'AWS::AccountId': p.account,
      'AWS::URLSuffix': 'amazonaws.com',
    };
    switch (fn) {
      case 'Ref': {
        const name = String(arg);
        if (pseudo[name]) return pseudo[name];
        if (!resources[name]) throw new Error(`cannot resolve Ref ${name}`);
        return refOf(name, resources, p);
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = arg as [string, string];
        if (attribute !== 'Arn') throw new Error(`cannot resolve Fn::GetAtt ${id}.${attribute}`);
        return arnOf(id, resources, p);
      }
      case 'Fn::Join': {
        const [delimiter, parts] = arg as [string, unknown[]];
        return parts.map((part) => String(resolve(part, resources, p))).join(delimiter);
      }
      case 'Fn::Split': {
        const [delimiter, source] = arg as [string, unknown];
        return String(resolve(source, resources, p)).split(delimiter);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [number, unknown];
        return (resolve(list, resources, p) as unknown[])[Number(index)];
      }
      case 'Fn::Sub': {
        const [text, variables = {}] = (typeof arg === 'string' ? [arg] : arg) as [string, Record<string, unknown>?];
        return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          if (name in variables) return String(resolve(variables[name], resources, p));
          const [id, attribute] = name.split('.');
          if (attribute) return String(resolve({ 'Fn::GetAtt': [id, attribute] }, resources, p));
          return String(resolve({ Ref: name }, resources, p));
        });
      }
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v, resources, p)]));
}

const refsTo = (value: unknown): string[] =>
  [value].flat().flatMap((v) => (v && typeof v === 'object' && 'Ref' in v ? [String((v as { Ref: unknown }).Ref)] : []));

export interface RolePolicies {
  readonly roleId: string;
  readonly inline: { name: string; document: PolicyDocument }[];
  readonly managed: { name: string; document: PolicyDocument }[];
  readonly trust: PolicyDocument;
}

/** One role's policies as in the template (intrinsics unresolved). */
export function rolePolicies(resources: CfnResources, roleId: string): RolePolicies {
  const role = resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not a role`);
  const inline = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && refsTo(r.Properties?.Roles).includes(roleId))
    .map(([name, r]) => ({ name, document: r.Properties?.PolicyDocument as PolicyDocument }));
  const ownInline = ((role.Properties?.Policies ?? []) as { PolicyName: string; PolicyDocument: PolicyDocument }[]).map((p) => ({
    name: p.PolicyName,
    document: p.PolicyDocument,
  }));
  const attached = new Set(refsTo(role.Properties?.ManagedPolicyArns ?? []));
  const managed = Object.entries(resources)
    .filter(([name, r]) => r.Type === 'AWS::IAM::ManagedPolicy' && (attached.has(name) || refsTo(r.Properties?.Roles).includes(roleId)))
    .map(([name, r]) => ({ name, document: r.Properties?.PolicyDocument as PolicyDocument }));
  return { roleId, inline: [...inline, ...ownInline], managed, trust: role.Properties?.AssumeRolePolicyDocument as PolicyDocument };
}

/** Every statement the role's identity policies (inline and managed) hold, intrinsics unresolved. */
export function identityStatements(resources: CfnResources, roleId: string): Statement[] {
  const { inline, managed } = rolePolicies(resources, roleId);
  return [...inline, ...managed].flatMap((p) => p.document.Statement);
}

/** Characters IAM counts: the JSON without whitespace. */
export const sizeOf = (document: unknown): number => JSON.stringify(document).replace(/\s/g, '').length;
