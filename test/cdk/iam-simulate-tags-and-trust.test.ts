import type { SimulationIdentityPolicy } from '@cloud-copilot/iam-simulate';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEPT_BY_TAG } from '../../lambda/core/keep-choice';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import { RESOURCE_TYPES } from '../../lambda/resources/registry';
import { janitorScp } from '../../lib/iam/scp';
import { tagActionKind } from '../../lib/iam/tag-keys';
import {
  ACCOUNT,
  ALLOWED,
  type Ask,
  arn,
  bucketPolicyOf,
  DENIED,
  decide,
  decideUnvalidated,
  EXAMPLE,
  EXPLICITLY_DENIED,
  identityPolicies,
  janitorTemplate,
  KEEP,
  MARKED,
  MEMBER_ACCOUNT,
  memberTemplate,
  PARTITION,
  roleNameOf,
  SWEEP,
  sampleArn,
  sampleArnOf,
  sessionOf,
  trustPolicyOf,
} from './simulate-harness';

/**
 * Issue 12's findings, each now refused by IAM as the simulator evaluates the synthesized templates
 * (Keep buttons on, one member account and one OU), and the legitimate paths still allowed.
 */

const TERRAFORM_STATE = 'acme-terraform-state-*';
const CONFIG = {
  ...EXAMPLE,
  slack: { ...EXAMPLE.slack, keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'] } },
  targets: {
    regions: ['eu-west-1'],
    accounts: { ids: [MEMBER_ACCOUNT], organizationalUnits: ['ou-ab12-abcdefgh'] },
    externalId: 'janitor-7f3c',
  },
  protections: { buckets: [TERRAFORM_STATE] },
};

const keys = (...tagKeys: string[]) => ({ 'aws:TagKeys': tagKeys });
const FOREIGN_KEYS = [keys('ManagedBy'), keys(EXEMPT_TAG), keys(MARK_TAG, 'ManagedBy'), keys(KEPT_BY_TAG)];

/** Where iam-data cannot validate the request, the simulator evaluates the same policies unvalidated. */
const UNVALIDATED: Readonly<Record<string, string>> = {
  'apigateway:POST': 'iam-data has no /tags/ resource type for POST (HTTP APIs)',
  'elasticloadbalancing:targetgroup': 'iam-data lists only load balancers for AddTags/RemoveTags',
};

/** Tagging API types that iam-data names otherwise. */
const IAM_RESOURCE_TYPE_OF: Readonly<Record<string, string>> = { 'mq:broker': 'brokers', 'dms:rep': 'ReplicationInstance' };

/** Each type's tag actions with an ARN of its own resource (API Gateway: its /tags/ path). */
async function tagTargets(): Promise<{ type: string; action: string; kind: string; resource: string; unvalidated: boolean }[]> {
  const targets = [];
  for (const type of RESOURCE_TYPES) {
    // DocumentDB and Neptune clusters are RDS clusters to IAM and the tagging API.
    const [service, name] = (type.taggingType ?? type.id).split(':') as [string, string];
    const own = await sampleArnOf(service, IAM_RESOURCE_TYPE_OF[`${service}:${name}`] ?? name);
    const resource =
      service === 'apigateway' ? arn('apigateway', `/tags/${encodeURIComponent(`${own}/a1b2c3d4e5`)}`, { account: '' }) : own;
    for (const action of type.iam.tag) {
      const kind = tagActionKind(action);
      const unvalidated = action in UNVALIDATED || type.id in UNVALIDATED;
      // An action without resource-level permissions (OpenSearch Serverless' TagResource) is asked on `*`.
      const on = (await sampleArn(action)) === '*' ? '*' : resource;
      if (kind === 'write' || kind === 'remove') targets.push({ type: type.id, action, kind, resource: on, unvalidated });
    }
  }
  return targets;
}

const decideTarget = (policies: SimulationIdentityPolicy[], ask: Ask & { unvalidated: boolean }) =>
  ask.unvalidated ? decideUnvalidated(policies, ask) : decide(policies, ask);

describe('the janitor stack (Keep buttons, a member account and an OU)', () => {
  let janitor: ReturnType<typeof janitorTemplate>;
  let sweep: SimulationIdentityPolicy[];
  let keep: SimulationIdentityPolicy[];
  let targets: Awaited<ReturnType<typeof tagTargets>>;

  beforeAll(async () => {
    janitor = janitorTemplate(CONFIG);
    sweep = identityPolicies(janitor.resources, janitor.idOf(janitor.stack.parts.janitor.role.role));
    const keepRole = janitor.stack.node.findChild('KeepEndpoint').node.findChild('Role');
    keep = identityPolicies(janitor.resources, janitor.idOf(keepRole));
    targets = await tagTargets();
    expect(targets.length).toBeGreaterThan(60);
  });

  describe('the sweep role writes and removes the mark only', () => {
    it('marks (writes janitor:delete-after) and unmarks every type through its own tag actions', async () => {
      for (const t of targets)
        expect(`${t.action} ${await decideTarget(sweep, { ...t, context: keys(MARK_TAG) })}`).toBe(`${t.action} ${ALLOWED}`);
    });

    it('may not write or remove any other key: ManagedBy=terraform, janitor:exempt, janitor:kept-by, or the mark with another key', async () => {
      for (const t of targets) {
        for (const context of FOREIGN_KEYS)
          expect(`${t.action} ${context['aws:TagKeys']} ${await decideTarget(sweep, { ...t, context })}`).toMatch(/ImplicitlyDenied$/);
      }
    });

    it('the tagging API itself carries no tag keys (iam-data), so IAM decides on the service action underneath', async () => {
      expect(await decide(sweep, { action: 'tag:TagResources', resource: '*' })).toBe(ALLOWED);
      const instance = arn('ec2', 'instance/i-0123456789abcdef0');
      expect(await decide(sweep, { action: 'ec2:CreateTags', resource: instance, context: keys('ManagedBy') })).toBe(DENIED);
    });

    it("the mark stays the sweep's to write (marking must reach unmarked resources), never an IaC tag such as ManagedBy=terraform", async () => {
      const instance = arn('ec2', 'instance/i-0123456789abcdef0');
      expect(await decide(sweep, { action: 'ec2:CreateTags', resource: instance, context: keys(MARK_TAG) })).toBe(ALLOWED);
      expect(await decide(sweep, { action: 'ec2:TerminateInstances', resource: instance, context: MARKED })).toBe(ALLOWED);
      expect(
        await decide(sweep, {
          action: 'ec2:CreateTags',
          resource: instance,
          context: { ...keys('ManagedBy'), 'aws:RequestTag/ManagedBy': 'terraform' },
        }),
      ).toBe(DENIED);
    });

    it("dependent marking: the AMI's mark onto its snapshot, the cluster's onto its members, and off again", async () => {
      const snapshot = arn('ec2', 'snapshot/snap-0123456789abcdef0', { account: '' });
      const member = arn('rds', 'db:orders-instance-1');
      for (const [action, resource] of [
        ['ec2:CreateTags', snapshot],
        ['ec2:DeleteTags', snapshot],
        ['rds:AddTagsToResource', member],
        ['rds:RemoveTagsFromResource', member],
      ] as const) {
        expect(await decide(sweep, { action, resource, context: keys(MARK_TAG) })).toBe(ALLOWED);
        expect(await decide(sweep, { action, resource, context: keys('ManagedBy') })).toBe(DENIED);
      }
    });

    it('an EBS backup is tagged janitor:backup-of and janitor:exempt at creation only, never an existing snapshot', async () => {
      const snapshot = arn('ec2', 'snapshot/snap-0123456789abcdef0', { account: '' });
      const backupTags = keys('janitor:backup-of', EXEMPT_TAG);
      expect(
        await decide(sweep, {
          action: 'ec2:CreateTags',
          resource: snapshot,
          context: { ...backupTags, 'ec2:CreateAction': 'CreateSnapshot' },
        }),
      ).toBe(ALLOWED);
      expect(await decide(sweep, { action: 'ec2:CreateTags', resource: snapshot, context: backupTags })).toBe(DENIED);
      expect(
        await decide(sweep, {
          action: 'ec2:CreateTags',
          resource: snapshot,
          context: { ...keys('ManagedBy'), 'ec2:CreateAction': 'CreateSnapshot' },
        }),
      ).toBe(DENIED);
      expect(
        await decide(sweep, {
          action: 'ec2:CreateTags',
          resource: arn('ec2', 'instance/i-0123456789abcdef0'),
          context: { ...backupTags, 'ec2:CreateAction': 'CreateSnapshot' },
        }),
      ).toBe(DENIED);
    });

    it('documented exceptions: S3 PutBucketTagging (whole tag set, no tag-key keys) and RDS final snapshots (tags copied from the database)', async () => {
      expect(
        await decide(sweep, {
          action: 's3:PutBucketTagging',
          resource: `arn:${PARTITION}:s3:::hand-made-bucket`,
          context: keys('ManagedBy'),
        }),
      ).toBe(ALLOWED);
      expect(
        await decide(sweep, {
          action: 'rds:AddTagsToResource',
          resource: arn('rds', 'snapshot:janitor-final-orders-203001020200'),
          context: keys('ManagedBy'),
        }),
      ).toBe(ALLOWED);
      expect(
        await decide(sweep, {
          action: 'rds:AddTagsToResource',
          resource: arn('rds', 'snapshot:someone-elses'),
          context: keys('ManagedBy'),
        }),
      ).toBe(DENIED);
    });
  });

  describe('the Keep role exempts and signs, takes the mark off, and nothing else', () => {
    it('writes janitor:exempt and janitor:kept-by and removes the mark on every type', async () => {
      for (const t of targets) {
        const context = t.kind === 'write' ? keys(EXEMPT_TAG, KEPT_BY_TAG) : keys(MARK_TAG);
        expect(`${t.action} ${await decideTarget(keep, { ...t, as: KEEP, context })}`).toBe(`${t.action} ${ALLOWED}`);
      }
    });

    it('never writes the mark (or ManagedBy), never removes janitor:exempt', async () => {
      for (const t of targets) {
        const refused =
          t.kind === 'write'
            ? [keys(MARK_TAG), keys(EXEMPT_TAG, MARK_TAG), keys('ManagedBy')]
            : [keys(EXEMPT_TAG), keys(KEPT_BY_TAG), keys('ManagedBy')];
        for (const context of refused)
          expect(`${t.action} ${context['aws:TagKeys']} ${await decideTarget(keep, { ...t, as: KEEP, context })}`).toMatch(
            /ImplicitlyDenied$/,
          );
      }
    });

    it('deletes nothing, marked or not', async () => {
      for (const [action, resource] of [
        ['ec2:TerminateInstances', arn('ec2', 'instance/i-0123456789abcdef0')],
        ['s3:DeleteBucket', `arn:${PARTITION}:s3:::hand-made-bucket`],
        ['s3:DeleteObject', `arn:${PARTITION}:s3:::hand-made-bucket/key`],
        ['sqs:DeleteQueue', arn('sqs', 'hand-made')],
        ['rds:DeleteDBCluster', arn('rds', 'cluster:hand-made')],
      ] as const) {
        expect(await decide(keep, { action, resource, as: KEEP, context: MARKED })).toBe(DENIED);
      }
    });

    it('may assume the tag-only member keep role, never the member sweep role', async () => {
      const memberRole = (name: string) => `arn:${PARTITION}:iam::${MEMBER_ACCOUNT}:role/${name}`;
      expect(await decide(keep, { action: 'sts:AssumeRole', resource: memberRole('UntaggedResourceJanitorMemberKeep'), as: KEEP })).toBe(
        ALLOWED,
      );
      expect(await decide(keep, { action: 'sts:AssumeRole', resource: memberRole('UntaggedResourceJanitorMember'), as: KEEP })).toBe(
        DENIED,
      );
      expect(await decide(sweep, { action: 'sts:AssumeRole', resource: memberRole('UntaggedResourceJanitorMember') })).toBe(ALLOWED);
      expect(await decide(sweep, { action: 'sts:AssumeRole', resource: memberRole('UntaggedResourceJanitorMemberKeep') })).toBe(DENIED);
    });
  });

  describe('buckets', () => {
    const bucket = (name: string) => `arn:${PARTITION}:s3:::${name}`;
    let audit: string;
    let auditPolicy: unknown;
    let roles: { name: string; session: ReturnType<typeof sessionOf>; policies: SimulationIdentityPolicy[] }[];

    beforeAll(() => {
      const auditId = janitor.idOf(janitor.stack.parts.audit.bucket);
      audit = bucket(auditId.toLowerCase());
      auditPolicy = bucketPolicyOf(janitor.resources, auditId);
      const roleIds = Object.entries(janitor.resources)
        .filter(([, r]) => r.Type === 'AWS::IAM::Role')
        .map(([id]) => id);
      // Sweep, plan, report, state machine, schedule, keep.
      expect(roleIds.length).toBeGreaterThanOrEqual(6);
      roles = roleIds.map((id) => ({
        name: id,
        session: sessionOf(roleNameOf(janitor.resources, id)),
        policies: identityPolicies(janitor.resources, id),
      }));
    });

    it('the audit bucket is append-only for every janitor role: no delete, no lifecycle, versioning or policy change', async () => {
      // Even a role granted everything on S3 is refused by the bucket policy's explicit Deny.
      const everything: SimulationIdentityPolicy[] = [
        { name: 'all', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
      ];
      for (const role of roles) {
        for (const [action, resource] of [
          ['s3:DeleteObject', `${audit}/runs/2030-01-01.json`],
          ['s3:DeleteObjectVersion', `${audit}/announcements/111111111111/eu-west-1/x.json`],
          ['s3:PutLifecycleConfiguration', audit],
          ['s3:PutBucketVersioning', audit],
          ['s3:PutBucketPolicy', audit],
          ['s3:DeleteBucketPolicy', audit],
          ['s3:DeleteBucket', audit],
        ] as const) {
          for (const policies of [role.policies, everything]) {
            expect(
              `${role.name} ${action} ${await decide(policies, { action, resource, as: role.session, resourcePolicy: auditPolicy })}`,
            ).toBe(`${role.name} ${action} ${EXPLICITLY_DENIED}`);
          }
        }
      }
    });

    it('the sweep still writes its records and announcements and reads them back', async () => {
      const ask = (action: string, key: string) =>
        decide(sweep, { action, resource: `${audit}/${key}`, resourcePolicy: auditPolicy, context: { 'aws:SecureTransport': 'true' } });
      expect(await ask('s3:PutObject', 'runs/2030-01-01T02:00:00Z.json')).toBe(ALLOWED);
      expect(await ask('s3:PutObject', 'announcements/111111111111/eu-west-1/2030-01-01T02:00:00Z-abcd.json')).toBe(ALLOWED);
      expect(await ask('s3:GetObject', 'announcements/111111111111/eu-west-1/2030-01-01T02:00:00Z-abcd.json')).toBe(ALLOWED);
      expect(await ask('s3:PutObject', 'executions/run-1/targets.json')).toBe(ALLOWED);
      const list = (prefix: string) =>
        decide(sweep, {
          action: 's3:ListBucket',
          resource: audit,
          resourcePolicy: auditPolicy,
          context: { 'aws:SecureTransport': 'true', 's3:prefix': prefix },
        });
      expect(await list('announcements/111111111111/eu-west-1/')).toBe(ALLOWED);
      expect(await list('runs/')).toBe(DENIED);
    });

    it('the bucket type deletes hand-made buckets, never the CDK bootstrap buckets or protections.buckets', async () => {
      for (const name of ['cdk-hnb659fds-assets-123456789012-eu-west-1', 'acme-terraform-state-prod']) {
        for (const [action, resource] of [
          ['s3:DeleteBucket', bucket(name)],
          ['s3:DeleteObject', `${bucket(name)}/env/prod/terraform.tfstate`],
          ['s3:DeleteObjectVersion', `${bucket(name)}/env/prod/terraform.tfstate`],
          ['s3:PutBucketTagging', bucket(name)],
        ] as const) {
          expect(`${name} ${action} ${await decide(sweep, { action, resource })}`).toBe(`${name} ${action} ${EXPLICITLY_DENIED}`);
        }
      }
      expect(await decide(sweep, { action: 's3:DeleteBucket', resource: bucket('hand-made-bucket') })).toBe(ALLOWED);
      expect(await decide(sweep, { action: 's3:DeleteObject', resource: `${bucket('hand-made-bucket')}/key` })).toBe(ALLOWED);
      // The audit bucket, identity-side too (without the bucket policy).
      expect(await decide(sweep, { action: 's3:DeleteObject', resource: `${audit}/runs/x.json` })).toBe(EXPLICITLY_DENIED);
    });
  });
});

describe('the member stack (same configuration, janitor in ACCOUNT)', () => {
  let member: ReturnType<typeof memberTemplate>;
  let janitor: ReturnType<typeof janitorTemplate>;
  const memberRoleArn = (name: string) => `arn:${PARTITION}:iam::${MEMBER_ACCOUNT}:role/${name}`;
  /** Any janitor-account principal, as if its own policies allowed sts:AssumeRole everywhere: the trust decides. */
  const mayAssumeAnything: SimulationIdentityPolicy[] = [
    { name: 'assume', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } },
  ];

  beforeAll(() => {
    member = memberTemplate(CONFIG);
    janitor = janitorTemplate(CONFIG);
  });

  const assume = async (roleId: string, roleName: string, as: ReturnType<typeof sessionOf>, externalId?: string) =>
    decide(mayAssumeAnything, {
      action: 'sts:AssumeRole',
      resource: memberRoleArn(roleName),
      resourceAccount: MEMBER_ACCOUNT,
      resourcePolicy: trustPolicyOf(member.resources, roleId),
      as,
      context: externalId ? { 'sts:ExternalId': externalId } : {},
    });

  it('the member sweep role admits the janitor sweep role with the external id, and no other role', async () => {
    const roleId = member.idOf(member.stack.memberRole.role);
    expect(await assume(roleId, 'UntaggedResourceJanitorMember', SWEEP, 'janitor-7f3c')).toBe(ALLOWED);
    expect(await assume(roleId, 'UntaggedResourceJanitorMember', SWEEP)).not.toBe(ALLOWED);
    expect(await assume(roleId, 'UntaggedResourceJanitorMember', SWEEP, 'guessed')).not.toBe(ALLOWED);
    // A role named like the janitor's, the Keep role, the report role: refused even with the external id.
    const report = roleNameOf(janitor.resources, janitor.idOf(janitor.stack.parts.run.reportFunction.role!));
    for (const other of ['UntaggedResourceJanitor-mallory', 'UntaggedResourceJanitor-sweep-2', 'UntaggedResourceJanitor-keep', report]) {
      expect(`${other} ${await assume(roleId, 'UntaggedResourceJanitorMember', sessionOf(other), 'janitor-7f3c')}`).not.toBe(
        `${other} ${ALLOWED}`,
      );
    }
    // The right name in another account.
    expect(
      await assume(roleId, 'UntaggedResourceJanitorMember', sessionOf('UntaggedResourceJanitor-sweep', '999999999999'), 'janitor-7f3c'),
    ).not.toBe(ALLOWED);
  });

  it('(the check is live: the former prefix trust, role/UntaggedResourceJanitor-*, let a look-alike role in)', async () => {
    const trust = trustPolicyOf(member.resources, member.idOf(member.stack.memberRole.role));
    const [statement] = trust.Statement;
    const { ArnEquals: _exact, ...rest } = statement!.Condition ?? {};
    const former = {
      ...trust,
      Statement: [
        {
          ...statement,
          Condition: { ...rest, ArnLike: { 'aws:PrincipalArn': `arn:${PARTITION}:iam::${ACCOUNT}:role/UntaggedResourceJanitor-*` } },
        },
      ],
    };
    const ask = (as: ReturnType<typeof sessionOf>) =>
      decide(mayAssumeAnything, {
        action: 'sts:AssumeRole',
        resource: memberRoleArn('UntaggedResourceJanitorMember'),
        resourceAccount: MEMBER_ACCOUNT,
        resourcePolicy: former,
        as,
        context: { 'sts:ExternalId': 'janitor-7f3c' },
      });
    expect(await ask(sessionOf('UntaggedResourceJanitor-mallory'))).toBe(ALLOWED);
  });

  it('the member keep role admits the janitor keep role only', async () => {
    const roleId = member.idOf(member.stack.keepRole!);
    expect(await assume(roleId, 'UntaggedResourceJanitorMemberKeep', KEEP, 'janitor-7f3c')).toBe(ALLOWED);
    for (const other of [SWEEP, sessionOf('UntaggedResourceJanitor-mallory')]) {
      expect(await assume(roleId, 'UntaggedResourceJanitorMemberKeep', other, 'janitor-7f3c')).not.toBe(ALLOWED);
    }
  });

  it("the member keep role tags like the janitor's Keep role: exempt and kept-by on, the mark off, no deletion", async () => {
    const policies = identityPolicies(member.resources, member.idOf(member.stack.keepRole!));
    const instance = arn('ec2', 'instance/i-0123456789abcdef0', { account: MEMBER_ACCOUNT });
    const as = sessionOf('UntaggedResourceJanitorMemberKeep', MEMBER_ACCOUNT);
    const ask = (action: string, context: Record<string, string | string[]>) =>
      decide(policies, { action, resource: instance, resourceAccount: MEMBER_ACCOUNT, as, context });
    expect(await ask('ec2:CreateTags', keys(EXEMPT_TAG, KEPT_BY_TAG))).toBe(ALLOWED);
    expect(await ask('ec2:DeleteTags', keys(MARK_TAG))).toBe(ALLOWED);
    expect(await ask('ec2:CreateTags', keys(MARK_TAG))).toBe(DENIED);
    expect(await ask('ec2:TerminateInstances', MARKED)).toBe(DENIED);
  });

  it('the member sweep role writes the mark only and keeps protected buckets', async () => {
    const policies = identityPolicies(member.resources, member.idOf(member.stack.memberRole.role));
    const as = sessionOf('UntaggedResourceJanitorMember', MEMBER_ACCOUNT);
    const instance = arn('ec2', 'instance/i-0123456789abcdef0', { account: MEMBER_ACCOUNT });
    const ask = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
      decide(policies, { action, resource, resourceAccount: MEMBER_ACCOUNT, as, context });
    expect(await ask('ec2:CreateTags', instance, keys(MARK_TAG))).toBe(ALLOWED);
    expect(await ask('ec2:CreateTags', instance, keys(EXEMPT_TAG))).toBe(DENIED);
    expect(await ask('ec2:TerminateInstances', instance, MARKED)).toBe(ALLOWED);
    expect(await ask('s3:DeleteObject', `arn:${PARTITION}:s3:::acme-terraform-state-prod/terraform.tfstate`)).toBe(EXPLICITLY_DENIED);
    expect(await ask('s3:DeleteBucket', `arn:${PARTITION}:s3:::cdk-hnb659fds-assets-${MEMBER_ACCOUNT}-eu-west-1`)).toBe(EXPLICITLY_DENIED);
  });
});

describe('the service control policy (lib/iam/scp.ts)', () => {
  const scp = janitorScp(RESOURCE_TYPES, {
    janitorRoleNames: ['UntaggedResourceJanitor-sweep', 'UntaggedResourceJanitor-keep'],
    janitorAccountId: ACCOUNT,
    memberRoleNames: ['UntaggedResourceJanitorMember', 'UntaggedResourceJanitorMemberKeep'],
  });
  const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const admin: SimulationIdentityPolicy[] = [{ name: 'admin', policy: FULL_ACCESS }];
  const scps = [
    { name: 'FullAWSAccess', policy: FULL_ACCESS },
    { name: 'janitor', policy: scp },
  ];
  /** A request on an instance in the caller's own account. */
  const ask = (as: ReturnType<typeof sessionOf>, action: string, context: Record<string, string | string[]>) => {
    const account = as.principalArn.split(':')[4] as string;
    return decide(admin, {
      action,
      resource: arn('ec2', 'instance/i-0123456789abcdef0', { account }),
      resourceAccount: account,
      as,
      context,
      scps,
    });
  };

  it('denies anyone else writing or removing a janitor:* key, in any member account', async () => {
    const alice = sessionOf('AdministratorAccess-alice', MEMBER_ACCOUNT);
    for (const tagKeys of [[MARK_TAG], [EXEMPT_TAG], [KEPT_BY_TAG], ['janitor:anything', 'Owner']]) {
      for (const action of ['ec2:CreateTags', 'ec2:DeleteTags']) expect(await ask(alice, action, keys(...tagKeys))).toBe(EXPLICITLY_DENIED);
    }
    // Other keys are untouched, and without the SCP the same request would pass (the Deny is the SCP's).
    expect(await ask(alice, 'ec2:CreateTags', keys('ManagedBy', 'Owner'))).toBe(ALLOWED);
    const account = MEMBER_ACCOUNT;
    const withoutScp = await decide(admin, {
      action: 'ec2:CreateTags',
      resource: arn('ec2', 'instance/i-0123456789abcdef0', { account }),
      resourceAccount: account,
      as: alice,
      context: keys(MARK_TAG),
      scps: [{ name: 'FullAWSAccess', policy: FULL_ACCESS }],
    });
    expect(withoutScp).toBe(ALLOWED);
  });

  it("lets the janitor's roles (and their member roles) through", async () => {
    for (const as of [
      SWEEP,
      KEEP,
      sessionOf('UntaggedResourceJanitorMember', MEMBER_ACCOUNT),
      sessionOf('UntaggedResourceJanitorMemberKeep', MEMBER_ACCOUNT),
    ]) {
      expect(await ask(as, 'ec2:CreateTags', keys(MARK_TAG))).toBe(ALLOWED);
    }
    // The janitor's role names count in the janitor's account only.
    expect(await ask(sessionOf('UntaggedResourceJanitor-sweep', MEMBER_ACCOUNT), 'ec2:CreateTags', keys(MARK_TAG))).toBe(EXPLICITLY_DENIED);
  });
});
