/**
 * What `npm run bench:evidence` seeds, generated deterministically (a seeded PRNG): 2,000 live
 * CloudFormation stacks (and deleted ones), 200 Terraform state files (v4, 1,000 managed AWS
 * resource instances each) and a few gzipped Pulumi checkpoints, each with the identities the
 * janitor must find in it, so the bench can check what was found against what was seeded.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export const STACKS_LIVE = 2_000;
export const STACKS_DELETED = 300;
export const STATE_FILES = 200;
export const RESOURCES_PER_STATE = 1_000;
export const PULUMI_CHECKPOINTS = 5;
export const RESOURCES_PER_CHECKPOINT = 200;
/** Stacks updated between the second and the third night. */
export const UPDATED_SHARE = 0.05;

export const TF_BUCKET = 'acme-tfstate';
export const PULUMI_BUCKET = 'acme-pulumi';
export const PULUMI_PREFIX = '.pulumi';
export const AUDIT_BUCKET = 'acme-janitor-audit';

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const hex = (r: Rand, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
const uuid = (r: Rand) => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`;
const upper = (r: Rand, n: number) =>
  Array.from({ length: n }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'.charAt(Math.floor(r() * 34))).join('');

// ---------------------------------------------------------------------------------------------
// An order-independent digest of identities (value and `by`), so the worker can say what the
// janitor must find without the janitor's thread holding a second copy of half a million strings.

export interface Digest {
  count: number;
  /** Two 32-bit sums of each identity's MD5, mod 2^32, as hex. */
  hash: string;
}

export class DigestBuilder {
  private count = 0;
  private a = 0;
  private b = 0;
  add(value: string, by: string): void {
    const h = createHash('md5').update(value).update('\u0000').update(by).digest();
    this.a = (this.a + h.readUInt32LE(0)) >>> 0;
    this.b = (this.b + h.readUInt32LE(4)) >>> 0;
    this.count += 1;
  }
  addAll(identities: readonly { readonly value: string; readonly by: string }[]): this {
    for (const i of identities) this.add(i.value, i.by);
    return this;
  }
  digest(): Digest {
    return { count: this.count, hash: `${this.a.toString(16).padStart(8, '0')}${this.b.toString(16).padStart(8, '0')}` };
  }
}

// ---------------------------------------------------------------------------------------------
// CloudFormation

export interface StackResourceSpec {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
}

/** Live stacks' statuses, most complete, a few in other live states. */
const LIVE_STATUSES = [
  ...Array<string>(60).fill('CREATE_COMPLETE'),
  ...Array<string>(30).fill('UPDATE_COMPLETE'),
  ...Array<string>(5).fill('UPDATE_ROLLBACK_COMPLETE'),
  'ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'UPDATE_FAILED',
  'CREATE_FAILED',
  'REVIEW_IN_PROGRESS',
] as const;

/**
 * How many resources a stack has: mostly small (a CDK app's stacks are 1–40), a few of a few hundred
 * (a serverless app, a shared network stack), which take several ListStackResources pages of 100.
 */
function resourcesPerStack(r: Rand): number {
  const x = r();
  if (x < 0.3) return int(r, 1, 5);
  if (x < 0.65) return int(r, 6, 15);
  if (x < 0.99) return int(r, 16, 40);
  return int(r, 120, 350);
}

/** A CloudFormation resource's physical id as ListStackResources reports it: a name, an id, an ARN or a URL. */
export function stackResource(r: Rand, account: string, region: string, stack: string, n: number): StackResourceSpec {
  const suffix = `${stack}-${n}-${upper(r, 12)}`;
  const kinds: [string, string, () => string][] = [
    ['AWS::SQS::Queue', 'Queue', () => `https://sqs.${region}.amazonaws.com/${account}/${suffix}`],
    ['AWS::S3::Bucket', 'Bucket', () => suffix.toLowerCase()],
    ['AWS::IAM::Role', 'Role', () => suffix],
    ['AWS::IAM::Policy', 'Policy', () => `${stack.slice(0, 10)}-Polic-${upper(r, 12)}`],
    ['AWS::Lambda::Function', 'Function', () => suffix],
    ['AWS::Lambda::Permission', 'Permission', () => `${suffix}-perm`],
    ['AWS::Logs::LogGroup', 'LogGroup', () => `/aws/lambda/${suffix}`],
    ['AWS::DynamoDB::Table', 'Table', () => suffix],
    ['AWS::SNS::Topic', 'Topic', () => `arn:aws:sns:${region}:${account}:${suffix}`],
    ['AWS::EC2::SecurityGroup', 'SecurityGroup', () => `sg-${hex(r, 17)}`],
    ['AWS::EC2::Instance', 'Instance', () => `i-${hex(r, 17)}`],
    ['AWS::KMS::Key', 'Key', () => uuid(r)],
    ['AWS::CDK::Metadata', 'CDKMetadata', () => uuid(r)],
    [
      'AWS::ElasticLoadBalancingV2::TargetGroup',
      'TargetGroup',
      () => `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${suffix.slice(0, 20)}/${hex(r, 16)}`,
    ],
  ];
  const [type, logical, physical] = pick(r, kinds);
  return { logicalId: `${logical}${upper(r, 8)}`, type, physicalId: physical() };
}

export interface StackSpec {
  readonly name: string;
  readonly status: string;
  readonly resources: StackResourceSpec[];
  readonly updated: boolean;
}

/** The live stacks, then the deleted ones (DELETE_COMPLETE: listed by ListStacks without a filter, never by the janitor's). */
export function stackSpecs(account: string, region: string): { live: StackSpec[]; deleted: StackSpec[] } {
  const r = prng(13);
  const make = (name: string, status: string): StackSpec => {
    const count = status === 'REVIEW_IN_PROGRESS' ? 0 : resourcesPerStack(r);
    const resources = Array.from({ length: count }, (_, n) => stackResource(r, account, region, name, n));
    return { name, status, resources, updated: status.startsWith('UPDATE') };
  };
  const apps = ['api', 'web', 'billing', 'search', 'ingest', 'auth', 'reports', 'etl', 'ml', 'edge'];
  const live = Array.from({ length: STACKS_LIVE }, (_, i) =>
    make(`${pick(r, apps)}-${i}-${pick(r, ['dev', 'staging', 'prod'])}`, pick(r, LIVE_STATUSES)),
  );
  const deleted = Array.from({ length: STACKS_DELETED }, (_, i) => make(`old-${i}`, 'DELETE_COMPLETE'));
  return { live, deleted };
}

/** What the janitor keeps of a live stack's resource (lambda/iac/cloudformation-evidence.ts). */
export const stackIdentityBy = (stackName: string, resource: StackResourceSpec) =>
  `stack ${stackName} (${resource.type} ${resource.logicalId})`;

// ---------------------------------------------------------------------------------------------
// Terraform state v4

interface TfInstance {
  index_key?: number | string;
  schema_version: number;
  attributes: Record<string, unknown>;
  sensitive_attributes: unknown[];
  private?: string;
  dependencies?: string[];
}

const PRIVATE = 'eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjo2MDAwMDAwMDAwMDAsImRlbGV0ZSI6MTIwMDAwMDAwMDAwMH19';
const AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

/** One instance's attributes by type, realistic in shape and size; `ids` are the identities the janitor keeps of it. */
function tfAttributes(
  r: Rand,
  type: string,
  name: string,
  ctx: { account: string; region: string },
): { attrs: Record<string, unknown>; ids: string[] } {
  const { account, region } = ctx;
  const tags = { Name: name, Team: pick(r, ['platform', 'data', 'web', 'payments']), Env: pick(r, ['dev', 'staging', 'prod']) };
  const common = { tags, tags_all: { ...tags, ManagedBy: 'terraform' } };
  switch (type) {
    case 'aws_instance': {
      const id = `i-${hex(r, 17)}`;
      const arn = `arn:aws:ec2:${region}:${account}:instance/${id}`;
      const root = `vol-${hex(r, 17)}`;
      const ebs = Array.from({ length: int(r, 0, 2) }, (_, k) => ({
        delete_on_termination: true,
        device_name: `/dev/sd${'fgh'.charAt(k)}`,
        encrypted: true,
        iops: 3000,
        kms_key_id: `arn:aws:kms:${region}:${account}:key/${uuid(r)}`,
        snapshot_id: '',
        tags: {},
        throughput: 125,
        volume_id: `vol-${hex(r, 17)}`,
        volume_size: int(r, 20, 500),
        volume_type: 'gp3',
      }));
      const eni = `eni-${hex(r, 17)}`;
      return {
        ids: [arn, id, root, ...ebs.map((e) => e.volume_id), eni],
        attrs: {
          ami: `ami-${hex(r, 17)}`,
          arn,
          associate_public_ip_address: false,
          availability_zone: `${region}${pick(r, ['a', 'b', 'c'])}`,
          cpu_core_count: 2,
          cpu_threads_per_core: 2,
          disable_api_termination: false,
          ebs_block_device: ebs,
          ebs_optimized: true,
          iam_instance_profile: `${name}-profile`,
          id,
          instance_state: 'running',
          instance_type: pick(r, ['t3.medium', 'm6i.large', 'c6i.xlarge', 'r6g.large']),
          key_name: '',
          metadata_options: [
            { http_endpoint: 'enabled', http_put_response_hop_limit: 2, http_tokens: 'required', instance_metadata_tags: 'disabled' },
          ],
          monitoring: true,
          network_interface: [],
          primary_network_interface_id: eni,
          private_dns: `ip-10-${int(r, 0, 255)}-${int(r, 0, 255)}-${int(r, 0, 255)}.${region}.compute.internal`,
          private_ip: `10.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}`,
          root_block_device: [
            {
              delete_on_termination: true,
              device_name: '/dev/xvda',
              encrypted: true,
              iops: 3000,
              kms_key_id: '',
              tags: {},
              throughput: 125,
              volume_id: root,
              volume_size: 30,
              volume_type: 'gp3',
            },
          ],
          subnet_id: `subnet-${hex(r, 17)}`,
          user_data_replace_on_change: false,
          vpc_security_group_ids: [`sg-${hex(r, 17)}`, `sg-${hex(r, 17)}`],
          ...common,
        },
      };
    }
    case 'aws_security_group': {
      const id = `sg-${hex(r, 17)}`;
      const arn = `arn:aws:ec2:${region}:${account}:security-group/${id}`;
      const rule = (port: number) => ({
        cidr_blocks: [`10.${int(r, 0, 255)}.0.0/16`],
        description: `port ${port}`,
        from_port: port,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: 'tcp',
        security_groups: [],
        self: false,
        to_port: port,
      });
      return {
        ids: [arn, id],
        attrs: {
          arn,
          description: `${name} security group`,
          egress: [{ ...rule(0), protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }],
          id,
          ingress: [rule(443), rule(int(r, 1024, 9000))],
          name,
          name_prefix: '',
          owner_id: account,
          revoke_rules_on_delete: false,
          timeouts: null,
          vpc_id: `vpc-${hex(r, 17)}`,
          ...common,
        },
      };
    }
    case 'aws_s3_bucket':
    case 'aws_s3_bucket_versioning': {
      const bucket = `${name.replace(/_/g, '-')}-${hex(r, 8)}`;
      if (type === 'aws_s3_bucket_versioning') {
        return {
          ids: [bucket],
          attrs: {
            bucket,
            expected_bucket_owner: '',
            id: bucket,
            mfa: null,
            versioning_configuration: [{ mfa_delete: '', status: 'Enabled' }],
          },
        };
      }
      const arn = `arn:aws:s3:::${bucket}`;
      return {
        ids: [arn, bucket],
        attrs: {
          acceleration_status: '',
          arn,
          bucket,
          bucket_domain_name: `${bucket}.s3.amazonaws.com`,
          bucket_regional_domain_name: `${bucket}.s3.${region}.amazonaws.com`,
          force_destroy: false,
          hosted_zone_id: 'Z1BKCTXD74EZPE',
          id: bucket,
          object_lock_enabled: false,
          region,
          request_payer: 'BucketOwner',
          ...common,
        },
      };
    }
    case 'aws_iam_role': {
      const roleName = `${name}-${hex(r, 6)}`;
      const arn = `arn:aws:iam::${account}:role/${roleName}`;
      return {
        ids: [arn, roleName],
        attrs: {
          arn,
          assume_role_policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
          }),
          create_date: '2025-03-14T09:12:44Z',
          description: '',
          force_detach_policies: false,
          id: roleName,
          managed_policy_arns: [`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`],
          max_session_duration: 3600,
          name: roleName,
          path: '/',
          unique_id: `AROA${upper(r, 17)}`,
          ...common,
        },
      };
    }
    case 'aws_iam_role_policy_attachment': {
      const id = `${name}-${hex(r, 6)}-20250314091244${int(r, 100000, 999999)}`;
      return { ids: [id], attrs: { id, policy_arn: `arn:aws:iam::${account}:policy/${name}`, role: `${name}-role` } };
    }
    case 'aws_iam_policy':
    case 'aws_sns_topic': {
      const arn =
        type === 'aws_iam_policy'
          ? `arn:aws:iam::${account}:policy/${name}-${hex(r, 6)}`
          : `arn:aws:sns:${region}:${account}:${name}-${hex(r, 6)}`;
      // The id is the ARN: one identity.
      return {
        ids: [arn],
        attrs: {
          arn,
          id: arn,
          name: `${name}`,
          policy: type === 'aws_iam_policy' ? '{"Version":"2012-10-17","Statement":[]}' : '',
          ...common,
        },
      };
    }
    case 'aws_lambda_function': {
      const fn = `${name}-${hex(r, 6)}`;
      const arn = `arn:aws:lambda:${region}:${account}:function:${fn}`;
      return {
        ids: [arn, fn],
        attrs: {
          architectures: ['arm64'],
          arn,
          environment: [{ variables: { LOG_LEVEL: 'info', TABLE: `${name}-table` } }],
          function_name: fn,
          handler: 'index.handler',
          id: fn,
          invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
          last_modified: '2025-10-01T10:00:00.000+0000',
          memory_size: pick(r, [128, 256, 512, 1024]),
          qualified_arn: `${arn}:$LATEST`,
          role: `arn:aws:iam::${account}:role/${name}-role`,
          runtime: 'nodejs20.x',
          source_code_hash: hex(r, 44),
          timeout: 30,
          version: '$LATEST',
          ...common,
        },
      };
    }
    case 'aws_sqs_queue': {
      const q = `${name}-${hex(r, 6)}`;
      const url = `https://sqs.${region}.amazonaws.com/${account}/${q}`;
      const arn = `arn:aws:sqs:${region}:${account}:${q}`;
      return {
        ids: [arn, url],
        attrs: {
          arn,
          delay_seconds: 0,
          fifo_queue: false,
          id: url,
          max_message_size: 262144,
          message_retention_seconds: 345600,
          name: q,
          url,
          visibility_timeout_seconds: 30,
          ...common,
        },
      };
    }
    case 'aws_dynamodb_table':
    case 'aws_cloudwatch_log_group':
    case 'aws_ssm_parameter': {
      const n = type === 'aws_cloudwatch_log_group' ? `/app/${name}-${hex(r, 6)}` : `${name}-${hex(r, 6)}`;
      const arn =
        type === 'aws_dynamodb_table'
          ? `arn:aws:dynamodb:${region}:${account}:table/${n}`
          : type === 'aws_ssm_parameter'
            ? `arn:aws:ssm:${region}:${account}:parameter/${n}`
            : `arn:aws:logs:${region}:${account}:log-group:${n}`;
      const extra =
        type === 'aws_dynamodb_table'
          ? {
              attribute: [
                { name: 'pk', type: 'S' },
                { name: 'sk', type: 'S' },
              ],
              billing_mode: 'PAY_PER_REQUEST',
              hash_key: 'pk',
              range_key: 'sk',
              stream_enabled: false,
            }
          : type === 'aws_ssm_parameter'
            ? { type: 'String', value: 'some-config-value', tier: 'Standard', data_type: 'text' }
            : { retention_in_days: 30, kms_key_id: '', log_group_class: 'STANDARD' };
      return { ids: [arn, n], attrs: { arn, id: n, name: n, ...extra, ...common } };
    }
    case 'aws_kms_key': {
      const id = uuid(r);
      const arn = `arn:aws:kms:${region}:${account}:key/${id}`;
      return {
        ids: [arn, id],
        attrs: {
          arn,
          customer_master_key_spec: 'SYMMETRIC_DEFAULT',
          deletion_window_in_days: 30,
          enable_key_rotation: true,
          id,
          key_id: id,
          key_usage: 'ENCRYPT_DECRYPT',
          ...common,
        },
      };
    }
    case 'aws_subnet':
    case 'aws_route_table': {
      const id = `${type === 'aws_subnet' ? 'subnet' : 'rtb'}-${hex(r, 17)}`;
      const arn = `arn:aws:ec2:${region}:${account}:${type === 'aws_subnet' ? 'subnet' : 'route-table'}/${id}`;
      return {
        ids: [arn, id],
        attrs: {
          arn,
          availability_zone: `${region}a`,
          cidr_block: `10.${int(r, 0, 255)}.${int(r, 0, 255)}.0/24`,
          id,
          map_public_ip_on_launch: false,
          owner_id: account,
          vpc_id: `vpc-${hex(r, 17)}`,
          ...common,
        },
      };
    }
    case 'aws_route53_record': {
      const id = `Z${upper(r, 13)}_${name}.example.com_A`;
      return {
        ids: [id],
        attrs: { id, fqdn: `${name}.example.com`, name: `${name}.example.com`, records: [`10.0.0.${int(r, 1, 254)}`], ttl: 300, type: 'A' },
      };
    }
    default: {
      // aws_lb, aws_lb_target_group, aws_ecs_service, aws_secretsmanager_secret: id = ARN.
      const kind =
        {
          aws_lb: 'elasticloadbalancing',
          aws_lb_target_group: 'elasticloadbalancing',
          aws_ecs_service: 'ecs',
          aws_secretsmanager_secret: 'secretsmanager',
        }[type] ?? 'aws';
      const arn = `arn:aws:${kind}:${region}:${account}:${type.slice(4)}/${name}/${hex(r, 16)}`;
      return { ids: [arn], attrs: { arn: type === 'aws_ecs_service' ? undefined : arn, id: arn, name, ...common } };
    }
  }
}

const TF_TYPES = [
  ...Array<string>(12).fill('aws_instance'),
  ...Array<string>(10).fill('aws_security_group'),
  ...Array<string>(8).fill('aws_iam_role'),
  ...Array<string>(10).fill('aws_iam_role_policy_attachment'),
  ...Array<string>(4).fill('aws_iam_policy'),
  ...Array<string>(6).fill('aws_s3_bucket'),
  ...Array<string>(4).fill('aws_s3_bucket_versioning'),
  ...Array<string>(8).fill('aws_lambda_function'),
  ...Array<string>(6).fill('aws_cloudwatch_log_group'),
  ...Array<string>(5).fill('aws_sqs_queue'),
  ...Array<string>(3).fill('aws_sns_topic'),
  ...Array<string>(4).fill('aws_dynamodb_table'),
  ...Array<string>(3).fill('aws_kms_key'),
  ...Array<string>(6).fill('aws_subnet'),
  ...Array<string>(3).fill('aws_route_table'),
  ...Array<string>(5).fill('aws_route53_record'),
  ...Array<string>(4).fill('aws_ssm_parameter'),
  'aws_lb',
  ...Array<string>(2).fill('aws_lb_target_group'),
  ...Array<string>(2).fill('aws_ecs_service'),
  ...Array<string>(2).fill('aws_secretsmanager_secret'),
];

export interface StateFile {
  readonly key: string;
  readonly body: Uint8Array;
  readonly identities: { value: string; by: string }[];
}

/**
 * Terraform state file `index`: 1,000 managed AWS resource instances (single, `count` or `for_each`,
 * some in modules), plus data sources and a few non-AWS resources the janitor must not take. 40 of the
 * 200 are workspaces, stored by the S3 backend under `env:/<workspace>/`.
 */
export function terraformState(index: number, account: string, region: string): StateFile {
  const r = prng(1_000 + index);
  const component = `${pick(r, ['network', 'platform', 'data', 'web', 'payments', 'ml', 'edge', 'identity'])}-${index}`;
  const key =
    index % 5 === 4 ? `env:/${pick(r, ['staging', 'qa', 'perf'])}/${component}/terraform.tfstate` : `${component}/terraform.tfstate`;
  const where = `terraform s3://${TF_BUCKET}/${key}`;
  const resources: unknown[] = [];
  const identities: { value: string; by: string }[] = [];
  const ctx = { account, region };
  let instances = 0;
  let block = 0;
  while (instances < RESOURCES_PER_STATE) {
    const type = pick(r, TF_TYPES);
    const name = `${pick(r, ['main', 'app', 'worker', 'logs', 'cache', 'api', 'events'])}_${block}`;
    const module =
      r() < 0.4 ? `module.${pick(r, ['vpc', 'service', 'storage'])}${r() < 0.3 ? `["${pick(r, ['a', 'b'])}"]` : ''}` : undefined;
    const shape = r();
    const keys: (number | string | undefined)[] =
      shape < 0.8
        ? [undefined]
        : shape < 0.95
          ? Array.from({ length: int(r, 2, 4) }, (_, k) => k)
          : ['blue', 'green', 'canary'].slice(0, int(r, 2, 3));
    const take = keys.slice(0, RESOURCES_PER_STATE - instances);
    const list: TfInstance[] = take.map((indexKey) => {
      const { attrs, ids } = tfAttributes(r, type, name, ctx);
      const address = `${module ? `${module}.` : ''}${type}.${name}${indexKey === undefined ? '' : `[${JSON.stringify(indexKey)}]`}`;
      for (const value of new Set(ids)) identities.push({ value, by: `${where} (${address})` });
      return {
        ...(indexKey === undefined ? {} : { index_key: indexKey }),
        schema_version: type === 'aws_instance' ? 1 : 0,
        attributes: attrs,
        sensitive_attributes: [],
        private: PRIVATE,
        dependencies: block > 0 ? [`${type}.${name.replace(/\d+$/, String(block - 1))}`] : [],
      };
    });
    instances += list.length;
    resources.push({ ...(module ? { module } : {}), mode: 'managed', type, name, provider: AWS_PROVIDER, instances: list });
    block += 1;
    // About 3 data sources per 100 blocks and 1 non-AWS resource: not identities.
    if (r() < 0.03)
      resources.push({
        mode: 'data',
        type: 'aws_iam_policy_document',
        name: `doc_${block}`,
        provider: AWS_PROVIDER,
        instances: [
          {
            schema_version: 0,
            attributes: { id: String(int(r, 1e8, 1e9)), json: '{"Version":"2012-10-17","Statement":[]}' },
            sensitive_attributes: [],
          },
        ],
      });
    if (r() < 0.01)
      resources.push({
        mode: 'managed',
        type: 'random_id',
        name: `suffix_${block}`,
        provider: 'provider["registry.terraform.io/hashicorp/random"]',
        instances: [
          { schema_version: 0, attributes: { b64_std: 'abcd', byte_length: 4, hex: hex(r, 8), id: hex(r, 8) }, sensitive_attributes: [] },
        ],
      });
  }
  const state = {
    version: 4,
    terraform_version: '1.9.8',
    serial: int(r, 1, 4000),
    lineage: uuid(r),
    outputs: { vpc_id: { value: `vpc-${hex(r, 17)}`, type: 'string' } },
    resources,
    check_results: null,
  };
  // Terraform writes its state indented by two spaces.
  return { key, body: Buffer.from(JSON.stringify(state, null, 2), 'utf8'), identities };
}

// ---------------------------------------------------------------------------------------------
// Pulumi (DIY backend, gzipped)

export function pulumiCheckpoint(index: number, account: string, region: string): StateFile {
  const r = prng(9_000 + index);
  const project = pick(r, ['shop', 'ledger', 'portal']);
  const stack = `${pick(r, ['dev', 'prod'])}${index}`;
  const key = `${PULUMI_PREFIX}/stacks/${project}/${stack}.json.gz`;
  const where = `pulumi s3://${PULUMI_BUCKET}/${key}`;
  const urn = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
  const identities: { value: string; by: string }[] = [];
  const resources: unknown[] = [
    { urn: urn('pulumi:pulumi:Stack', `${project}-${stack}`), custom: false, type: 'pulumi:pulumi:Stack' },
    {
      urn: urn('pulumi:providers:aws', 'default_6_50_0'),
      custom: true,
      id: uuid(r),
      type: 'pulumi:providers:aws',
      inputs: { region },
      outputs: { region },
    },
    { urn: urn('acme:index:Service', 'svc'), custom: false, type: 'acme:index:Service' },
    // Read with `.get`: not owned.
    {
      urn: urn('aws:ec2/vpc:Vpc', 'shared'),
      custom: true,
      external: true,
      id: `vpc-${hex(r, 17)}`,
      type: 'aws:ec2/vpc:Vpc',
      outputs: { arn: `arn:aws:ec2:${region}:${account}:vpc/vpc-x` },
    },
  ];
  for (let n = 0; n < RESOURCES_PER_CHECKPOINT; n += 1) {
    const kind = pick(r, ['bucket', 'queue', 'role']);
    const name = `${kind}-${n}`;
    const type = kind === 'bucket' ? 'aws:s3/bucket:Bucket' : kind === 'queue' ? 'aws:sqs/queue:Queue' : 'aws:iam/role:Role';
    const physical = `${name}-${hex(r, 7)}`;
    const id = kind === 'queue' ? `https://sqs.${region}.amazonaws.com/${account}/${physical}` : physical;
    const arn =
      kind === 'bucket'
        ? `arn:aws:s3:::${physical}`
        : kind === 'queue'
          ? `arn:aws:sqs:${region}:${account}:${physical}`
          : `arn:aws:iam::${account}:role/${physical}`;
    const u = urn(type, name);
    resources.push({
      urn: u,
      custom: true,
      id,
      type,
      inputs: { tags: { Team: 'shop' } },
      outputs: { arn, id, tags: { Team: 'shop' }, tagsAll: { Team: 'shop', ManagedBy: 'pulumi' } },
      parent: urn('acme:index:Service', 'svc'),
      provider: `${urn('pulumi:providers:aws', 'default_6_50_0')}::${uuid(r)}`,
      created: '2025-06-01T10:00:00Z',
      modified: '2025-06-01T10:00:00Z',
    });
    for (const value of new Set([id, arn])) identities.push({ value, by: `${where} (${u})` });
  }
  const checkpoint = {
    version: 3,
    checkpoint: {
      stack: `organization/${project}/${stack}`,
      latest: {
        manifest: { time: '2025-06-01T10:00:00Z', magic: hex(r, 64), version: 'v3.130.0' },
        secrets_providers: { type: 'passphrase' },
        resources,
      },
    },
  };
  return { key, body: gzipSync(Buffer.from(JSON.stringify(checkpoint, null, 4), 'utf8')), identities };
}
