import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePulumiState } from '../../lambda/iac/pulumi-state';
import { type ParsedState, StateParseError } from '../../lambda/iac/state-identities';
import { parseTerraformState } from '../../lambda/iac/terraform-state';

const FIXTURES = join(__dirname, 'fixtures/iac');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

/** `[address, value]` pairs: one line per identity reads well in a failing diff. */
const pairs = (parsed: ParsedState): [string, string][] => parsed.identities.map((i) => [i.address, i.value]);

function parseError(parse: () => unknown): StateParseError {
  try {
    parse();
  } catch (err) {
    if (err instanceof StateParseError) return err;
    throw err;
  }
  throw new Error('expected a StateParseError');
}

const TERRAFORM_IDENTITIES: [string, string][] = [
  ['aws_instance.web', 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0123456789abcdef0'],
  ['aws_instance.web', 'i-0123456789abcdef0'],
  ['aws_instance.web', 'vol-0rootrootroot0001'],
  ['aws_instance.web', 'vol-0ebsebsebsebs0002'],
  ['aws_instance.web', 'vol-0ebsebsebsebs0003'],
  ['aws_instance.web', 'eni-0bbbbbbbbbbbbbbb2'],
  ['aws_instance.web', 'eni-0aaaaaaaaaaaaaaa1'],
  // The deposed object: replaced, not yet destroyed.
  ['aws_instance.web', 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0deposed000000001'],
  ['aws_instance.web', 'i-0deposed000000001'],
  ['aws_instance.web', 'vol-0deposedroot0004'],
  ['aws_instance.web', 'eni-0ddddddddddddddd4'],
  // Its policy_arn names a policy it does not own.
  ['aws_iam_role_policy_attachment.web_ssm', 'web-role-20240805120000000000000001'],
  ['module.net.aws_subnet.private[0]', 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0aaaaaaaaaaaaaaaa'],
  ['module.net.aws_subnet.private[0]', 'subnet-0aaaaaaaaaaaaaaaa'],
  ['module.net.aws_subnet.private[1]', 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0bbbbbbbbbbbbbbbb'],
  ['module.net.aws_subnet.private[1]', 'subnet-0bbbbbbbbbbbbbbbb'],
  ['module.net.aws_s3_bucket.logs["a"]', 'arn:aws:s3:::acme-logs-a'],
  ['module.net.aws_s3_bucket.logs["a"]', 'acme-logs-a'],
  // Trimmed; the empty id is skipped.
  ['module.net.aws_s3_bucket.logs["b"]', 'arn:aws:s3:::acme-logs-b'],
  // id and arn are the same string: listed once.
  ['aws_sns_topic.alerts', 'arn:aws:sns:eu-west-1:111111111111:alerts'],
];

describe('parseTerraformState', () => {
  it('lists the managed AWS resources of a v4 state: modules, count, for_each, instance children, deposed objects', () => {
    const parsed = parseTerraformState(fixture('terraform-v4.tfstate'));
    expect(pairs(parsed)).toEqual(TERRAFORM_IDENTITIES);
    expect(parsed.meta).toEqual({
      version: 4,
      terraform_version: '1.9.5',
      serial: 42,
      lineage: '3f1c9e2a-7b4d-4c1e-9a2f-8d6b5e4c3a21',
    });
  });

  it('leaves out data sources, other providers and references to other resources', () => {
    const values = parseTerraformState(fixture('terraform-v4.tfstate')).identities.map((i) => i.value);
    expect(values).not.toContain('ami-0a1b2c3d4e5f60718'); // data.aws_ami.al2023
    expect(values).not.toContain('none'); // random_password.db
    expect(values).not.toContain('app'); // kubernetes_namespace.app
    expect(values).not.toContain('arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
    expect(values.filter((v) => v.startsWith('arn:aws:kms'))).toEqual([]);
  });

  it('reads the same state from a string and gzipped', () => {
    const bytes = fixture('terraform-v4.tfstate');
    expect(pairs(parseTerraformState(bytes.toString('utf8')))).toEqual(TERRAFORM_IDENTITIES);
    expect(pairs(parseTerraformState(gzipSync(bytes)))).toEqual(TERRAFORM_IDENTITIES);
  });

  it('refuses a v3 state, by version', () => {
    expect(parseError(() => parseTerraformState(fixture('terraform-v3.tfstate'))).message).toBe(
      'unsupported Terraform state version 3 (expected 4)',
    );
  });

  it('says where JSON breaks without quoting the state', () => {
    const { message } = parseError(() => parseTerraformState(fixture('invalid.tfstate')));
    expect(message).toBe('Terraform state is not valid JSON: unexpected character at position 205 (line 9, column 70)');
    expect(message).not.toContain('hunter2');
    expect(parseError(() => parseTerraformState('{"version": 4, "resources": [')).message).toBe(
      'Terraform state is not valid JSON: unexpected end of input at position 29',
    );
    expect(parseError(() => parseTerraformState('not json, secret')).message).toBe(
      'Terraform state is not valid JSON: unexpected character at position 1 (line 1, column 2)',
    );
  });

  it('places a JSON fault where V8 does, whenever V8 gives a position', () => {
    const edit = fc.constantFrom('', ',', '}', ']', '"', '\\', 'x', ':', '\u0001', '0', 'e', '-');
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), edit, fc.boolean(), (value, n, inserted, pretty) => {
        const json = JSON.stringify(value, null, pretty ? 1 : undefined);
        const cut = n % (json.length + 1);
        const broken = json.slice(0, cut) + inserted + json.slice(inserted === '' ? cut + 1 : cut);
        let v8: string;
        try {
          JSON.parse(broken);
          return;
        } catch (err) {
          v8 = (err as Error).message;
        }
        const expected = /at position (\d+)/.exec(v8)?.[1] ?? (v8.includes('end of JSON input') ? String(broken.length) : undefined);
        fc.pre(expected !== undefined);
        expect(parseError(() => parseTerraformState(broken)).message).toContain(`position ${expected}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('copes with nesting deeper than a recursive walk could take', () => {
    expect(parseError(() => parseTerraformState('['.repeat(200_000))).message).toBe(
      'Terraform state is not valid JSON: nested too deeply to locate the fault',
    );
    const deep = `${'['.repeat(200_000)}{"volume_id": "vol-deep"}${']'.repeat(200_000)}`;
    const state = `{"version": 4, "resources": [{"mode": "managed", "type": "aws_instance", "name": "x",
      "instances": [{"attributes": {"id": "i-1", "root_block_device": ${deep}}}]}]}`;
    expect(pairs(parseTerraformState(state))).toEqual([['aws_instance.x', 'i-1']]);
  });

  it('refuses broken gzip, invalid UTF-8 and wrong shapes by key path', () => {
    const gzipped = gzipSync(fixture('terraform-v4.tfstate'));
    expect(parseError(() => parseTerraformState(gzipped.subarray(0, 40))).message).toMatch(
      /^Terraform state is gzipped but does not inflate/,
    );
    expect(parseError(() => parseTerraformState(new Uint8Array([0x7b, 0xff, 0x7d]))).message).toBe('Terraform state is not valid UTF-8');
    expect(parseError(() => parseTerraformState('[]')).message).toBe('Terraform state is not a JSON object at the top level');
    expect(parseError(() => parseTerraformState('{}')).message).toBe('Terraform state: version is missing or not a number (expected 4)');
    expect(parseError(() => parseTerraformState('{"version": 4, "resources": {}}')).message).toBe('resources is not an array');
    const state = (resource: object): string => JSON.stringify({ version: 4, resources: [resource] });
    expect(parseError(() => parseTerraformState(state({ mode: 'secret-mode' }))).message).toBe(
      'resources[0].mode is neither "managed" nor "data"',
    );
    const badKey = state({ mode: 'managed', type: 'aws_vpc', name: 'a', instances: [{ index_key: { k: 'secret' } }] });
    expect(parseError(() => parseTerraformState(badKey)).message).toBe(
      'resources[0].instances[0].index_key is neither a number nor a string',
    );
  });

  it('takes an empty state, and an aws_ type without a provider string', () => {
    expect(parseTerraformState('{"version": 4, "serial": 1, "lineage": "x"}')).toEqual({
      identities: [],
      meta: { version: 4, serial: 1, lineage: 'x' },
    });
    const bare = {
      version: 4,
      resources: [{ mode: 'managed', type: 'aws_vpc', name: 'main', instances: [{ attributes: { id: 'vpc-1' } }] }],
    };
    expect(pairs(parseTerraformState(JSON.stringify(bare)))).toEqual([['aws_vpc.main', 'vpc-1']]);
  });

  it('reads AWS resources under any registry host, alias, or the awscc provider', () => {
    const resource = (type: string, provider: string, id: string) => ({
      mode: 'managed',
      type,
      name: 'r',
      provider,
      instances: [{ attributes: { id } }],
    });
    const state = {
      version: 4,
      resources: [
        resource('aws_vpc', 'provider["registry.opentofu.org/hashicorp/aws"]', 'vpc-tofu'),
        resource('awscc_s3_bucket', 'provider["registry.terraform.io/hashicorp/awscc"]', 'bucket-cc'),
        resource('custom_thing', 'module.a.provider["example.com/acme/aws"].east', 'thing-1'),
        resource('google_storage_bucket', 'provider["registry.terraform.io/hashicorp/google"]', 'gcs-1'),
      ],
    };
    expect(parseTerraformState(JSON.stringify(state)).identities.map((i) => i.value)).toEqual(['vpc-tofu', 'bucket-cc', 'thing-1']);
  });

  it('reads an instance still in the flat attribute form of a state upgraded from v3', () => {
    const flat = {
      id: 'i-0flat',
      arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0flat',
      'root_block_device.#': '1',
      'root_block_device.0.volume_id': 'vol-0flat',
      'root_block_device.0.kms_key_id': 'arn:aws:kms:eu-west-1:111111111111:key/k',
    };
    const state = {
      version: 4,
      resources: [{ mode: 'managed', type: 'aws_instance', name: 'old', instances: [{ attributes_flat: flat }] }],
    };
    expect(parseTerraformState(JSON.stringify(state)).identities.map((i) => i.value)).toEqual([
      'arn:aws:ec2:eu-west-1:111111111111:instance/i-0flat',
      'i-0flat',
      'vol-0flat',
    ]);
  });
});

const PULUMI_IDENTITIES: [string, string][] = [
  ['urn:pulumi:dev::web::aws:s3/bucket:Bucket::logs', 'logs-4f2a9c1'],
  ['urn:pulumi:dev::web::aws:s3/bucket:Bucket::logs', 'arn:aws:s3:::logs-4f2a9c1'],
  ['urn:pulumi:dev::web::acme:net:Network$aws:ec2/vpc:Vpc::net-vpc', 'vpc-0ccccccccccccccc3'],
  ['urn:pulumi:dev::web::acme:net:Network$aws:ec2/vpc:Vpc::net-vpc', 'arn:aws:ec2:eu-west-1:111111111111:vpc/vpc-0ccccccccccccccc3'],
  ['urn:pulumi:dev::web::aws:rds/instance:Instance::db', 'db-main-8c1f'],
  ['urn:pulumi:dev::web::aws:rds/instance:Instance::db', 'arn:aws:rds:eu-west-1:111111111111:db:db-main-8c1f'],
  // Pending deletion after a replacement: it still exists.
  ['urn:pulumi:dev::web::aws:sqs/queue:Queue::jobs', 'https://sqs.eu-west-1.amazonaws.com/111111111111/jobs-91ab'],
  ['urn:pulumi:dev::web::aws:sqs/queue:Queue::jobs', 'arn:aws:sqs:eu-west-1:111111111111:jobs-91ab'],
  // A pending operation: the CLI stopped before recording the result.
  ['urn:pulumi:dev::web::aws:sns/topic:Topic::alerts', 'arn:aws:sns:eu-west-1:111111111111:alerts-3e7d'],
];

describe('parsePulumiState', () => {
  it('lists the custom resources a v3 checkpoint owns: not external, providers, the stack or components', () => {
    const parsed = parsePulumiState(fixture('pulumi-v3.json'));
    expect(pairs(parsed)).toEqual(PULUMI_IDENTITIES);
    expect(parsed.meta).toEqual({ version: 3, stack: 'organization/web/dev', pulumi_version: 'v3.140.0' });
    const values = parsed.identities.map((i) => i.value);
    expect(values).not.toContain('vpc-0sharedshared0001'); // external
    expect(values).not.toContain('0b8e2c7a-5d41-4a0f-9b3e-1c2d3e4f5a6b'); // the provider
  });

  it('reads the same checkpoint gzipped', () => {
    expect(pairs(parsePulumiState(gzipSync(fixture('pulumi-v3.json'))))).toEqual(PULUMI_IDENTITIES);
  });

  it('takes a stack never deployed, or with no resources, as empty', () => {
    expect(parsePulumiState('{"version": 3, "checkpoint": {"stack": "organization/web/new"}}')).toEqual({
      identities: [],
      meta: { version: 3, stack: 'organization/web/new' },
    });
    expect(parsePulumiState('{"version": 3, "checkpoint": {"latest": {"manifest": {}}}}').identities).toEqual([]);
    expect(parsePulumiState('{"version": 3, "checkpoint": {"latest": null}}').identities).toEqual([]);
  });

  it('reads a v4 checkpoint, whose outputs may be wrapped, and `pulumi stack export` output', () => {
    const bucket = {
      urn: 'urn:pulumi:prod::web::aws:s3/bucket:Bucket::b',
      type: 'aws:s3/bucket:Bucket',
      custom: true,
      id: 'b-1',
      outputs: { arn: { '4dabf18193072939515e22adb298388d': 'd0e6a833031e9bbcd3f4e8bde6ca49a4', value: 'arn:aws:s3:::b-1' } },
    };
    const v4 = { version: 4, features: ['outputDependencies'], checkpoint: { latest: { resources: [bucket] } } };
    const parsed = parsePulumiState(JSON.stringify(v4));
    expect(parsed.identities.map((i) => i.value)).toEqual(['b-1', 'arn:aws:s3:::b-1']);
    expect(parsed.meta).toEqual({ version: 4, features: 'outputDependencies' });
    const exported = { version: 3, deployment: { manifest: { version: 'v3.150.0' }, resources: [bucket] } };
    expect(parsePulumiState(JSON.stringify(exported)).identities.map((i) => i.value)).toEqual(['b-1', 'arn:aws:s3:::b-1']);
  });

  it('refuses other versions, invalid JSON and wrong shapes with a clear message', () => {
    expect(parseError(() => parsePulumiState('{"version": 2, "checkpoint": {}}')).message).toBe(
      'unsupported Pulumi checkpoint version 2 (expected 3 or 4)',
    );
    expect(parseError(() => parsePulumiState('{"checkpoint": {}}')).message).toBe(
      'Pulumi checkpoint: version is missing or not a number (expected 3)',
    );
    expect(parseError(() => parsePulumiState(fixture('invalid.tfstate'))).message).toMatch(
      /^Pulumi checkpoint is not valid JSON: .*position 205 \(line 9, column 70\)$/,
    );
    expect(parseError(() => parsePulumiState('{"version": 3}')).message).toBe('Pulumi checkpoint has neither checkpoint nor deployment');
    expect(parseError(() => parsePulumiState('{"version": 3, "checkpoint": {"latest": {"resources": [{"type": "aws:x"}]}}}')).message).toBe(
      'checkpoint.latest.resources[0].urn is missing or not a string',
    );
  });
});

// ---- Property: random Terraform-like states ----

/** Strings as states hold them, and the awkward ones: empty, blank, padded, unicode. */
const text = fc.oneof(
  fc.constantFrom('', ' ', '\t\n', ' arn:aws:s3:::padded ', 'i-0abc', 'arn:aws:iam::111111111111:role/r', 'ünïcødé-名前', '🪣 bucket'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const provider = fc.constantFrom(
  'provider["registry.terraform.io/hashicorp/aws"]',
  'module.m.provider["registry.terraform.io/hashicorp/aws"].west',
  'provider["registry.terraform.io/hashicorp/random"]',
  'provider["registry.terraform.io/hashicorp/google"]',
  undefined,
);
const instance = fc.record(
  {
    index_key: fc.oneof(fc.nat(5), text),
    deposed: fc.constant('00000001'),
    attributes: fc.record({ arn: text, id: text, role_arn: text, name: text }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const resource = fc.record(
  {
    mode: fc.constantFrom('managed', 'data'),
    type: fc.constantFrom('aws_instance', 'aws_s3_bucket', 'random_id', 'google_compute_instance'),
    name: text,
    module: fc.constantFrom('module.net', 'module.a["x"].module.b'),
    provider,
    instances: fc.array(instance, { maxLength: 3 }),
  },
  { requiredKeys: ['mode', 'type', 'name', 'instances'] },
);
const terraformState = fc.record({
  version: fc.constant(4),
  serial: fc.nat(),
  lineage: text,
  resources: fc.array(resource, { maxLength: 6 }),
});
type RandomResource = typeof resource extends fc.Arbitrary<infer R> ? R : never;

const isManagedAws = (r: RandomResource): boolean =>
  r.mode === 'managed' && (r.type.startsWith('aws_') || (r.provider ?? '').includes('hashicorp/aws'));
const ownValues = (r: RandomResource): string[] =>
  r.instances.flatMap((i) => [i.attributes?.arn, i.attributes?.id]).flatMap((v) => (v?.trim() ? [v.trim()] : []));
const allValues = (r: RandomResource): string[] =>
  r.instances.flatMap((i) => Object.values(i.attributes ?? {})).flatMap((v) => (v.trim() ? [v.trim()] : []));

/** The bytes a backend might hand over: the JSON text, its UTF-8, or that gzipped. */
function encode(state: object, form: 'string' | 'bytes' | 'gzip'): string | Uint8Array {
  const json = JSON.stringify(state, null, form === 'string' ? 2 : undefined);
  if (form === 'string') return json;
  return form === 'bytes' ? Buffer.from(json) : gzipSync(json);
}

describe('parseTerraformState on random states', () => {
  it('finds every managed AWS arn and id, and nothing only a data source or another provider names', () => {
    fc.assert(
      fc.property(terraformState, fc.constantFrom('string' as const, 'bytes' as const, 'gzip' as const), (state, form) => {
        const found = new Set(parseTerraformState(encode(state, form)).identities.map((i) => i.value));
        const owned = new Set(state.resources.filter(isManagedAws).flatMap(ownValues));
        for (const value of owned) expect(found.has(value), value).toBe(true);
        // Only managed AWS arns and ids: so nothing a data source or another provider alone names.
        for (const value of found) expect(owned.has(value), value).toBe(true);
        const foreign = state.resources.filter((r) => !isManagedAws(r)).flatMap(allValues);
        for (const value of foreign.filter((v) => !owned.has(v))) expect(found.has(value), value).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('throws nothing but StateParseError, whatever the input', () => {
    const loose = fc.oneof(fc.jsonValue(), text);
    const looseResource = fc.record(
      {
        mode: fc.oneof(fc.constantFrom('managed', 'data'), loose),
        type: fc.oneof(fc.constantFrom('aws_instance', 'random_id'), loose),
        name: loose,
        module: loose,
        provider: fc.oneof(provider, loose),
        instances: fc.oneof(fc.array(fc.oneof(instance, loose), { maxLength: 3 }), loose),
        // Pulumi's fields, for the same generator to feed both parsers.
        urn: fc.oneof(text, loose),
        custom: fc.oneof(fc.boolean(), loose),
        external: fc.oneof(fc.boolean(), loose),
        id: loose,
        outputs: fc.oneof(fc.record({ arn: loose }), loose),
      },
      { requiredKeys: [] },
    );
    const resources = fc.oneof(fc.array(looseResource, { maxLength: 4 }), loose);
    const anyState = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      resources.map((r) => JSON.stringify({ version: 4, resources: r })),
      resources.map((r) => JSON.stringify({ version: 3, checkpoint: { latest: { resources: r, pending_operations: [{ resource: r }] } } })),
      fc.uint8Array({ maxLength: 64 }),
      fc.uint8Array({ maxLength: 64 }).map((b) => gzipSync(b)),
      fc.string({ unit: 'binary' }),
    );
    fc.assert(
      fc.property(anyState, (input) => {
        for (const parse of [parseTerraformState, parsePulumiState]) {
          try {
            parse(input);
          } catch (err) {
            expect(err).toBeInstanceOf(StateParseError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
