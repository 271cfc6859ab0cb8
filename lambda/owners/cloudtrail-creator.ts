import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { AwsClients } from '../aws/clients';
import type { Resource } from '../core/model';
import { creationEvent, principalOf } from './owner-facts';

/**
 * LookupEvents is limited to two calls per second per account per Region (CloudTrail API
 * reference); a little slower leaves room for clock jitter and for anyone else's lookups.
 */
export const CLOUDTRAIL_MIN_INTERVAL_MS = 550;
/** At most this many LookupEvents calls per run (about a minute): the rest stay "unknown". */
export const MAX_CLOUDTRAIL_CALLS_PER_RUN = 120;
/** Pages read per resource identifier, newest first, looking for the creating event. */
const MAX_PAGES_PER_IDENTIFIER = 2;
const EVENTS_PER_PAGE = 50;

export interface CloudTrailCreatorOptions {
  readonly minIntervalMs?: number;
  readonly maxCalls?: number;
  /** Tests let simulated time pass. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export class LookupBudgetSpent extends Error {
  constructor(maxCalls: number) {
    super(`CloudTrail lookups stopped after ${maxCalls} calls (LookupEvents allows 2 per second); the remaining owners are unknown`);
    this.name = 'LookupBudgetSpent';
  }
}

/**
 * Who created a resource, from CloudTrail's event history (last 90 days). Calls are spaced per
 * account and Region to stay under the API's rate; AWS errors are thrown to the caller.
 */
export class CloudTrailCreatorLookup {
  private readonly minIntervalMs: number;
  private readonly maxCalls: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly lastCallAt = new Map<string, number>();
  private calls = 0;

  constructor(options: CloudTrailCreatorOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? CLOUDTRAIL_MIN_INTERVAL_MS;
    this.maxCalls = options.maxCalls ?? MAX_CLOUDTRAIL_CALLS_PER_RUN;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /** The creator's name, or undefined when CloudTrail has no creating event for it. */
  async creatorOf(clients: AwsClients, resource: Resource): Promise<string | undefined> {
    // The resource name CloudTrail records is the ID for most services, the ARN for others.
    const identifiers = [...new Set([resource.id, resource.arn])];
    for (const identifier of identifiers) {
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES_PER_IDENTIFIER; page += 1) {
        const output = await this.lookup(clients, identifier, token);
        const created = creationEvent(output.Events ?? []);
        if (created) return principalOf(created);
        token = output.NextToken;
        if (!token) break;
      }
    }
    return undefined;
  }

  private async lookup(clients: AwsClients, resourceName: string, token: string | undefined) {
    if (this.calls >= this.maxCalls) throw new LookupBudgetSpent(this.maxCalls);
    const key = `${clients.target.accountId}/${clients.target.region}`;
    const last = this.lastCallAt.get(key);
    if (last !== undefined) {
      const wait = last + this.minIntervalMs - this.now();
      if (wait > 0) await this.sleep(wait);
    }
    this.lastCallAt.set(key, this.now());
    this.calls += 1;
    return clients.get(CloudTrailClient).send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: resourceName }],
        MaxResults: EVENTS_PER_PAGE,
        NextToken: token,
      }),
    );
  }
}
