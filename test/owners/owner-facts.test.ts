import { describe, expect, it } from 'vitest';
import { creationEvent, looksLikeEmail, ownerFromTags, principalOf } from '../../lambda/owners/owner-facts';

const KEYS = ['Owner', 'owner', 'CreatedBy', 'created-by'];

describe('owner from tags', () => {
  it('takes the first configured key with a non-blank value', () => {
    expect(ownerFromTags({ CreatedBy: 'bob', Owner: 'alice@example.com' }, KEYS)).toBe('alice@example.com');
    expect(ownerFromTags({ Owner: '  ', 'created-by': 'carol' }, KEYS)).toBe('carol');
    expect(ownerFromTags({ Team: 'platform' }, KEYS)).toBeUndefined();
    expect(ownerFromTags({ Owner: 'alice' }, [])).toBeUndefined();
  });

  it('recognises emails', () => {
    expect(looksLikeEmail('alice@example.com')).toBe(true);
    for (const s of ['alice', 'alice@', '@example.com', 'a b@example.com', '<@U1>@x.y']) expect(looksLikeEmail(s), s).toBe(false);
  });
});

describe('the creating event in CloudTrail', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 10, day));

  it('is the oldest create-like event; tagging, snapshots and reads do not count', () => {
    const events = [
      { EventName: 'CreateTags', EventTime: at(1), Username: 'tagger' },
      { EventName: 'CreateSnapshot', EventTime: at(2), Username: 'backup' },
      { EventName: 'StopInstances', EventTime: at(4), Username: 'operator' },
      { EventName: 'RunInstances', EventTime: at(3), Username: 'creator' },
    ];
    expect(creationEvent(events)?.Username).toBe('creator');
    expect(creationEvent([{ EventName: 'ModifyInstanceAttribute', EventTime: at(1) }])).toBeUndefined();
  });

  it('names the principal: IAM user, SSO session (an email), root, a service, else Username', () => {
    const event = (userIdentity: unknown, Username = 'fallback') => ({ Username, CloudTrailEvent: JSON.stringify({ userIdentity }) });
    expect(principalOf(event({ type: 'IAMUser', userName: 'deploy-bot' }))).toBe('deploy-bot');
    expect(principalOf(event({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_01/alice@example.com' }))).toBe('alice@example.com');
    expect(principalOf(event({ type: 'Root', arn: 'arn:aws:iam::1:root' }))).toBe('root');
    expect(principalOf(event({ type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' }))).toBe('autoscaling.amazonaws.com');
    expect(principalOf({ Username: 'bob', CloudTrailEvent: '{not json' })).toBe('bob');
    expect(principalOf({})).toBeUndefined();
  });
});
