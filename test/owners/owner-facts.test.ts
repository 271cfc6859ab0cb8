import { describe, expect, it } from 'vitest';
import { creationEvent, emailInDomains, ownerFromTags, principalOf } from '../../lambda/owners/owner-facts';

const KEYS = ['Owner', 'owner', 'CreatedBy', 'created-by'];

describe('owner from tags', () => {
  it('takes the first configured key with a non-blank value', () => {
    expect(ownerFromTags({ CreatedBy: 'bob', Owner: 'alice@example.com' }, KEYS)).toBe('alice@example.com');
    expect(ownerFromTags({ Owner: '  ', 'created-by': 'carol' }, KEYS)).toBe('carol');
    expect(ownerFromTags({ Team: 'platform' }, KEYS)).toBeUndefined();
    expect(ownerFromTags({ Owner: 'alice' }, [])).toBeUndefined();
  });

  it('skips a value of invisible characters only, so the next key (or CloudTrail) decides', () => {
    expect(ownerFromTags({ Owner: '\u200B\u202E', CreatedBy: 'bob' }, KEYS)).toBe('bob');
    expect(ownerFromTags({ Owner: '\uFEFF' }, KEYS)).toBeUndefined();
  });
});

describe('emails that may be looked up in Slack', () => {
  const DOMAINS = ['corp.example'];

  it('are emails in a listed domain, compared case-insensitively', () => {
    for (const s of ['alice@corp.example', "Alice.O'Brien+ops@CORP.Example"]) expect(emailInDomains(s, DOMAINS), s).toBe(true);
    expect(emailInDomains('alice@corp.example', ['CORP.EXAMPLE'])).toBe(true);
  });

  it('never: another domain, a subdomain, a look-alike, or no domain listed at all', () => {
    for (const s of ['cfo@evil.example', 'cfo@corp.example.evil', 'cfo@eu.corp.example', 'cfo@corpexample', 'cfo@xcorp.example']) {
      expect(emailInDomains(s, DOMAINS), s).toBe(false);
    }
    expect(emailInDomains('alice@corp.example', [])).toBe(false);
  });

  it('never when the text is not one plain ASCII address', () => {
    const hostile = [
      'alice',
      'alice@',
      '@corp.example',
      'a b@corp.example',
      '<@U1>@corp.example',
      'x@y@corp.example',
      'cfo\u200B@corp.example',
      'cfo@corp.example\u202E',
      'cfo@corp\u200D.example',
      'cfo@corp.exam\u0440le',
      'cfo@corp.example.',
      '<mailto:cfo@corp.example|cfo@corp.example>',
      'cfo@corp.example>',
    ];
    for (const s of hostile) expect(emailInDomains(s, DOMAINS), JSON.stringify(s)).toBe(false);
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
    expect(principalOf(event({ type: 'AssumedRole', arn: 'arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin_01/alice@example.com' }))).toBe(
      'alice@example.com',
    );
    expect(principalOf(event({ type: 'Root', arn: 'arn:aws:iam::1:root' }))).toBe('root');
    expect(principalOf(event({ type: 'AWSService', invokedBy: 'autoscaling.amazonaws.com' }))).toBe('autoscaling.amazonaws.com');
    expect(principalOf({ Username: 'bob', CloudTrailEvent: '{not json' })).toBe('bob');
    expect(principalOf({})).toBeUndefined();
  });
});
