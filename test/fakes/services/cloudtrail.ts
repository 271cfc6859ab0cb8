import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { type FakeAccount, FakeAwsError, fakeService, handle, paginate } from '../fake-account';

/**
 * CloudTrail event history: `seedTrailEvent` stores management events, LookupEvents finds them by
 * resource name, newest first, with the API's rate limit of two calls per second per account and
 * Region (ThrottlingException beyond it). The clock is the wall clock unless a test sets one.
 */

export interface TrailEventSeed {
  region?: string;
  eventName: string;
  eventTime: Date;
  /** The names LookupEvents matches `ResourceName` against (IDs, ARNs). */
  resourceNames: string[];
  /** `userIdentity` of the event; the `Username` field is derived from it unless given. */
  userIdentity: Record<string, unknown>;
  username?: string;
}

interface TrailState {
  events: (TrailEventSeed & { id: string })[];
  callTimes: Map<string, number[]>;
  clock: () => number;
}

const states = new WeakMap<FakeAccount, TrailState>();

function stateOf(account: FakeAccount): TrailState {
  let state = states.get(account);
  if (!state) {
    state = { events: [], callTimes: new Map(), clock: Date.now };
    states.set(account, state);
  }
  return state;
}

export const LOOKUP_EVENTS_PER_SECOND = 2;

export function seedTrailEvent(account: FakeAccount, event: TrailEventSeed): void {
  stateOf(account).events.push({ ...event, id: account.nextId('evt-') });
}

/** Simulated time for the rate limit (milliseconds), shared with the code under test's sleep. */
export function setTrailClock(account: FakeAccount, clock: () => number): void {
  stateOf(account).clock = clock;
}

/** An assumed-role identity as IAM Identity Center (SSO) sign-ins produce: the session name is the user's email. */
export function ssoIdentity(account: FakeAccount, email: string): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account.accountId}:assumed-role/AWSReservedSSO_AdministratorAccess_0123abcd/${email}`,
    accountId: account.accountId,
  };
}

export function iamUserIdentity(account: FakeAccount, userName: string): Record<string, unknown> {
  return { type: 'IAMUser', userName, arn: `arn:aws:iam::${account.accountId}:user/${userName}`, accountId: account.accountId };
}

function usernameOf(identity: Record<string, unknown>): string | undefined {
  if (typeof identity.userName === 'string') return identity.userName;
  if (typeof identity.arn === 'string') return identity.arn.split('/').at(-1);
  return undefined;
}

export function installCloudTrail(account: FakeAccount) {
  const stub = fakeService(CloudTrailClient, account);

  handle(stub, account, 'cloudtrail', LookupEventsCommand, (input, region) => {
    const state = stateOf(account);
    const now = state.clock();
    const recent = (state.callTimes.get(region) ?? []).filter((t) => t > now - 1000);
    recent.push(now);
    state.callTimes.set(region, recent);
    if (recent.length > LOOKUP_EVENTS_PER_SECOND) throw new FakeAwsError('ThrottlingException', 'Rate exceeded');

    const attributes: { AttributeKey?: string; AttributeValue?: string }[] = input.LookupAttributes ?? [];
    if (attributes.length > 1)
      throw new FakeAwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute.');
    const maxResults = input.MaxResults ?? 50;
    if (maxResults < 1 || maxResults > 50) throw new FakeAwsError('InvalidMaxResultsException', 'MaxResults must be 1-50.');
    const [attribute] = attributes;
    if (attribute && attribute.AttributeKey !== 'ResourceName') {
      throw new FakeAwsError('InvalidLookupAttributesException', `the fake only looks up by ResourceName, not ${attribute.AttributeKey}`);
    }
    const matching = state.events
      .filter((e) => (e.region ?? 'eu-west-1') === region && (!attribute || e.resourceNames.includes(attribute.AttributeValue ?? '')))
      .sort((a, b) => b.eventTime.getTime() - a.eventTime.getTime());
    const { page, next } = paginate(matching, input.NextToken, Math.min(maxResults, account.defaultPageSize));
    return {
      Events: page.map((e) => ({
        EventId: e.id,
        EventName: e.eventName,
        EventTime: e.eventTime,
        Username: e.username ?? usernameOf(e.userIdentity),
        Resources: e.resourceNames.map((ResourceName) => ({ ResourceName })),
        CloudTrailEvent: JSON.stringify({ eventName: e.eventName, eventTime: e.eventTime.toISOString(), userIdentity: e.userIdentity }),
      })),
      NextToken: next,
    };
  });

  return stub;
}
