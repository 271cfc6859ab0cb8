import type { SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALLOWED,
  arn,
  DENIED,
  decide,
  EXAMPLE,
  identityPolicies,
  janitorTemplate,
  KEEP,
  MEMBER_ACCOUNT,
  memberTemplate,
  PARTITION,
  sessionOf,
} from './simulate-harness';

/** Who reads IaC evidence, read-only and nothing more: the IAM simulator on the synthesized template. */

const STATE_BUCKET = 'acme-tfstate';
const CONFIG = {
  ...EXAMPLE,
  iac: { terraform: { s3: [{ bucket: STATE_BUCKET, prefix: 'live/', include: ['**/*.tfstate'] }] } },
  protections: { buckets: [STATE_BUCKET] },
};
const object = (key: string) => `arn:${PARTITION}:s3:::${STATE_BUCKET}/${key}`;
const bucket = `arn:${PARTITION}:s3:::${STATE_BUCKET}`;

describe('IAM: the plan role reads the state files read-only, on the configured prefixes only', () => {
  let plan: SimulationIdentityPolicy[];
  beforeAll(() => {
    const janitor = janitorTemplate(CONFIG);
    plan = identityPolicies(janitor.resources, janitor.idOf(janitor.stack.parts.run.node.findChild('PlanRole')));
  });

  it('reads state objects and lists keys under the prefix', async () => {
    expect(await decide(plan, { action: 's3:GetObject', resource: object('live/env:/prod/net.tfstate') })).toBe(ALLOWED);
    expect(await decide(plan, { action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': 'live/' } })).toBe(ALLOWED);
  });

  it('reads nothing outside the prefix, and never writes or deletes state', async () => {
    expect(await decide(plan, { action: 's3:GetObject', resource: object('secrets/other.tfstate') })).toBe(DENIED);
    expect(await decide(plan, { action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': 'secrets/' } })).toBe(DENIED);
    expect(await decide(plan, { action: 's3:PutObject', resource: object('live/net.tfstate') })).toBe(DENIED);
    expect(await decide(plan, { action: 's3:DeleteObject', resource: object('live/net.tfstate') })).toBe(DENIED);
    expect(await decide(plan, { action: 's3:DeleteBucket', resource: bucket })).toBe(DENIED);
  });

  it('decrypts SSE-KMS state only through S3', async () => {
    const key = arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(await decide(plan, { action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })).toBe(
      ALLOWED,
    );
    expect(await decide(plan, { action: 'kms:Decrypt', resource: key })).toBe(DENIED);
  });
});

describe('IAM: the sweep role reads its stacks, and no longer the state files (the plan step read them for the run)', () => {
  let sweep: SimulationIdentityPolicy[];
  beforeAll(() => {
    const janitor = janitorTemplate(CONFIG);
    sweep = identityPolicies(janitor.resources, janitor.idOf(janitor.stack.parts.janitor.role.role));
  });

  it('cannot read a state object, list the state bucket or decrypt with its key', async () => {
    expect(await decide(sweep, { action: 's3:GetObject', resource: object('live/env:/prod/net.tfstate') })).toBe(DENIED);
    expect(await decide(sweep, { action: 's3:ListBucket', resource: bucket, context: { 's3:prefix': 'live/' } })).not.toBe(ALLOWED);
    const key = arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(await decide(sweep, { action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })).toBe(
      DENIED,
    );
  });

  it('lists stacks and their resources, and cannot change a stack', async () => {
    const stack = arn('cloudformation', 'stack/net/5b7c-0000');
    expect(await decide(sweep, { action: 'cloudformation:ListStackResources', resource: stack })).toBe(ALLOWED);
    expect(await decide(sweep, { action: 'cloudformation:DeleteStack', resource: stack })).toBe(DENIED);
    expect(await decide(sweep, { action: 'cloudformation:UpdateStack', resource: stack })).toBe(DENIED);
  });
});

describe('IAM: a member role reads its stacks, never the state files', () => {
  let member: SimulationIdentityPolicy[];
  beforeAll(() => {
    const stack = memberTemplate({ ...CONFIG, targets: { externalId: 'janitor-7f3c' } });
    member = identityPolicies(stack.resources, stack.idOf(stack.stack.memberRole.role));
  });

  it('lists stacks and their resources in the member account', async () => {
    const stack = arn('cloudformation', 'stack/net/5b7c-0000', { account: MEMBER_ACCOUNT });
    const as = sessionOf('UntaggedResourceJanitorMember', MEMBER_ACCOUNT);
    expect(
      await decide(member, { action: 'cloudformation:ListStackResources', resource: stack, resourceAccount: MEMBER_ACCOUNT, as }),
    ).toBe(ALLOWED);
  });

  it("is not granted the state objects: the janitor's plan step reads them for every target", async () => {
    expect(await decide(member, { action: 's3:GetObject', resource: object('live/net.tfstate') })).toBe(DENIED);
  });
});

describe('IAM: the Keep role reads no IaC evidence and writes none', () => {
  let keep: SimulationIdentityPolicy[];
  beforeAll(() => {
    const janitor = janitorTemplate({
      ...CONFIG,
      slack: { ...EXAMPLE.slack, keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'] } },
    });
    keep = identityPolicies(janitor.resources, janitor.idOf(janitor.stack.node.findChild('KeepEndpoint').node.findChild('Role')));
  });

  it('cannot read state objects or stacks, nor touch the evidence the sweep keeps', async () => {
    const as = KEEP;
    expect(await decide(keep, { action: 's3:GetObject', resource: object('live/net.tfstate'), as })).toBe(DENIED);
    expect(await decide(keep, { action: 'cloudformation:ListStacks', resource: '*', as })).toBe(DENIED);
    expect(
      await decide(keep, {
        action: 'kms:Decrypt',
        resource: arn('kms', 'key/1234abcd-12ab-34cd-56ef-1234567890ab'),
        as,
        context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
      }),
    ).toBe(DENIED);
  });
});
