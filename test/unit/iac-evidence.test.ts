import { describe, expect, it } from 'vitest';
import { NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { decide } from '../../lambda/core/decide';
import { evidenceFrom, NO_EVIDENCE, shrinkProblem, stackNameOf, withProblem } from '../../lambda/core/iac-evidence';
import { MARK_TAG } from '../../lambda/core/model';
import { keyGlob } from '../../lambda/iac/key-glob';
import { instanceWith, policyWith } from '../support/policy';

const NOW = new Date('2026-11-20T02:00:00Z');
const policy = policyWith();
const STACK = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/net/1f2e';
const byTerraform = evidenceFrom({ identities: [{ value: 'i-0abc', by: 'terraform s3://acme/net.tfstate (aws_instance.web)' }] });
const judge = (r = instanceWith(), evidence = NO_EVIDENCE) => decide(r, NOW, policy, NO_ANNOUNCEMENTS, evidence);

describe('IaC evidence in the decision', () => {
  it('an untagged resource a state names is kept as managed, and says by what', () => {
    expect(judge(instanceWith(), byTerraform)).toMatchObject({
      status: 'managed',
      action: 'none',
      reason: expect.stringContaining('managed by terraform s3://acme/net.tfstate (aws_instance.web), though not tagged as IaC'),
    });
  });

  it('a marked resource a state names is unmarked, never deleted', () => {
    expect(judge(instanceWith({ [MARK_TAG]: '2026-11-19T23:00:00Z' }), byTerraform)).toMatchObject({ status: 'managed', action: 'unmark' });
  });

  it('matches by ARN as well as by id (SNS topics and secrets are ARNs in stacks)', () => {
    const arn = 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc';
    expect(judge(instanceWith(), evidenceFrom({ identities: [{ value: ` ${arn} `, by: 'stack net' }] })).status).toBe('managed');
    expect(judge(instanceWith(), evidenceFrom({ identities: [{ value: 'i-0abcd', by: 'stack net' }] })).status).toBe('new-violation');
  });

  it("matches a plug-in's IaC aliases exactly (a stack names an Elastic IP by its public address), and nothing looser", () => {
    const stack = evidenceFrom({ identities: [{ value: '203.0.113.10', by: 'stack net (AWS::EC2::EIP Nat)' }] });
    const address = { ...instanceWith(), type: 'ec2:elastic-ip', id: 'eipalloc-0abc', iacAliases: ['203.0.113.10'] };
    expect(judge(address, stack)).toMatchObject({ status: 'managed', reason: expect.stringContaining('AWS::EC2::EIP Nat') });
    expect(judge({ ...address, iacAliases: ['203.0.113.1'] }, stack).status).toBe('new-violation');
    expect(judge({ ...address, iacAliases: undefined }, stack).status).toBe('new-violation');
  });

  it('the stack-id tag counts while its stack lives, and marks an orphan of a deleted stack with the reason', () => {
    const tagged = instanceWith({ 'aws:cloudformation:stack-id': STACK });
    const scope = { accountId: '123456789012', region: 'eu-west-1' };
    const live = evidenceFrom({ identities: [], liveStackIds: new Set([STACK]), stacksReadIn: scope });
    const deleted = evidenceFrom({ identities: [], liveStackIds: new Set(), stacksReadIn: scope });
    expect(judge(tagged, live).status).toBe('compliant');
    expect(judge(tagged, deleted)).toMatchObject({
      status: 'new-violation',
      action: 'mark',
      reason: expect.stringContaining('left behind by deleted stack net'),
    });
    // Not read (CloudFormation off), or listed in another region or account: not known to be deleted.
    expect(judge(tagged, NO_EVIDENCE).status).toBe('compliant');
    expect(
      judge(tagged, evidenceFrom({ identities: [], liveStackIds: new Set(), stacksReadIn: { ...scope, region: 'us-east-1' } })).status,
    ).toBe('compliant');
  });

  it('incomplete evidence holds marks and deletions, and lets unmarking go on', () => {
    const problems = [{ source: 'terraform s3://acme/net.tfstate', error: 'AccessDenied: Access Denied' }];
    const incomplete = evidenceFrom({ identities: [], problems });
    expect(judge(instanceWith(), incomplete)).toMatchObject({
      status: 'new-violation',
      action: 'none',
      reason: expect.stringContaining('held: IaC evidence incomplete (terraform s3://acme/net.tfstate: AccessDenied'),
    });
    expect(judge(instanceWith({ ManagedBy: 'terraform', [MARK_TAG]: '2026-11-19T23:00:00Z' }), incomplete).action).toBe('unmark');
  });

  it('names a stack from its id', () => {
    expect(stackNameOf(STACK)).toBe('net');
    expect(stackNameOf('not-an-arn')).toBe('not-an-arn');
  });
});

describe('evidence that shrank', () => {
  const before = { identities: 100, at: '2026-11-19T02:00:00.000Z' };
  it('more than 20 % below the last night is a problem naming both sizes; 20 % or less, or no history, is not', () => {
    expect(shrinkProblem(before, 79)?.error).toContain('shrank from 100 identities (2026-11-19T02:00:00.000Z) to 79');
    expect(shrinkProblem(before, 80)).toBeUndefined();
    expect(shrinkProblem(before, 150)).toBeUndefined();
    expect(shrinkProblem(undefined, 0)).toBeUndefined();
  });
  it('adds the problem without losing what the evidence names', () => {
    const held = withProblem(byTerraform, { source: 'IaC evidence', error: 'shrank' });
    expect(held.problems).toHaveLength(1);
    expect(held.managerOf({ arn: 'x', id: 'i-0abc' })).toContain('terraform');
  });
});

describe('state key globs', () => {
  it('** spans folders (none included), * and ? stay within one', () => {
    const g = keyGlob('**/*.tfstate');
    for (const key of ['net.tfstate', 'env:/prod/net.tfstate', 'a/b/c.tfstate']) expect(g.test(key)).toBe(true);
    for (const key of ['net.tfstate.backup', 'net.tfstatex', 'a/b/c.tfstate/d']) expect(g.test(key)).toBe(false);
    expect(keyGlob('env:/*/net.tfstate').test('env:/prod/net.tfstate')).toBe(true);
    expect(keyGlob('env:/*/net.tfstate').test('env:/a/b/net.tfstate')).toBe(false);
    expect(keyGlob('stack?.json').test('stack1.json')).toBe(true);
    expect(keyGlob('a.b(c)').test('a.b(c)')).toBe(true);
    expect(keyGlob('a.b').test('axb')).toBe(false);
  });
});
