import { type JanitorConfigInput, parseConfig } from '../../lambda/config';
import { decisionPolicy } from '../../lambda/core/decide';
import type { Resource } from '../../lambda/core/model';

/** The decision policy of a minimal valid configuration with these overrides. */
export function policyWith(overrides: Partial<JanitorConfigInput> = {}, ownStackName = 'UntaggedResourceJanitor') {
  return decisionPolicy(parseConfig({ slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' }, ...overrides }), ownStackName);
}

/** An EC2 instance created long ago, as discovery sees it, with these tags. */
export function instanceWith(tags: Record<string, string> = {}, extra: Partial<Resource> = {}): Resource {
  return {
    type: 'ec2:instance',
    arn: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc',
    id: 'i-0abc',
    region: 'eu-west-1',
    accountId: '123456789012',
    createdAt: new Date('2026-10-01T00:00:00Z'),
    tags,
    ...extra,
  };
}
