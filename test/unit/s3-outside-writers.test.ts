import { describe, expect, it } from 'vitest';
import { outsideWriters } from '../../lambda/resources/s3-outside-writers';

const SELF = '123456789012';
const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Principal: unknown, Action: unknown = 's3:PutObject') => ({ Effect: 'Allow', Principal, Action, Resource: '*' });

describe('who outside the account a bucket policy lets write into the bucket', () => {
  it('names AWS services that deliver into it: CloudTrail, Config, flow logs, access logs, load balancers', () => {
    const services = [
      'cloudtrail.amazonaws.com',
      'config.amazonaws.com',
      'delivery.logs.amazonaws.com',
      'logging.s3.amazonaws.com',
      'logdelivery.elasticloadbalancing.amazonaws.com',
    ];
    expect(outsideWriters(policy(allow({ Service: services })), SELF)).toEqual(services);
  });

  it("names other accounts, by id or ARN (Elastic Load Balancing's regional account), and anyone", () => {
    const p = policy(allow({ AWS: '156460612806' }), allow({ AWS: ['arn:aws:iam::210987654321:role/replicator'] }), allow('*'));
    expect(outsideWriters(p, SELF)).toEqual(['156460612806', 'arn:aws:iam::210987654321:role/replicator', '*']);
  });

  it('counts every action that includes PutObject, in any case', () => {
    for (const action of ['s3:PutObject', 'S3:PUTOBJECT', 's3:Put*', 's3:*', '*', ['s3:GetObject', 's3:putobjectacl']])
      expect(outsideWriters(policy(allow({ Service: 'config.amazonaws.com' }, action)), SELF), JSON.stringify(action)).toEqual([
        'config.amazonaws.com',
      ]);
  });

  it('ignores reads, denials and the account itself', () => {
    const p = policy(
      allow({ Service: 'cloudtrail.amazonaws.com' }, 's3:GetBucketAcl'),
      { Effect: 'Deny', Principal: '*', Action: 's3:*' },
      allow({ AWS: [`arn:aws:iam::${SELF}:root`, SELF, `arn:aws:iam::${SELF}:role/app`] }),
    );
    expect(outsideWriters(p, SELF)).toEqual([]);
  });

  it('takes a single statement object as well as a list, and names each writer once', () => {
    const one = JSON.stringify({ Statement: allow({ Service: 'cloudtrail.amazonaws.com' }) });
    expect(outsideWriters(one, SELF)).toEqual(['cloudtrail.amazonaws.com']);
    const twice = policy(allow({ Service: 'cloudtrail.amazonaws.com' }), allow({ Service: 'cloudtrail.amazonaws.com' }, 's3:*'));
    expect(outsideWriters(twice, SELF)).toEqual(['cloudtrail.amazonaws.com']);
  });

  it('treats a policy it cannot read as a writer it cannot rule out', () => {
    expect(outsideWriters('{ not json', SELF)).toEqual(['(a bucket policy the janitor cannot read)']);
  });
});
