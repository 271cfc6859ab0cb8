import type { Tags } from '../core/model';
import { visibleText } from '../slack/slack-text';

/**
 * Pure owner facts: which tag names the owner, which CloudTrail event created a resource, and who
 * sent it. No I/O, so every rule is unit-tested.
 */

/** The first configured owner tag with a value a reader can see (invisible characters do not count). */
export function ownerFromTags(tags: Tags, tagKeys: readonly string[]): string | undefined {
  for (const key of tagKeys) {
    const value = tags[key]?.trim();
    if (value && visibleText(value).trim()) return value;
  }
  return undefined;
}

/** ASCII only: an address with invisible or look-alike characters is never looked up. */
const PLAIN_EMAIL = /^[A-Za-z0-9._%+'-]+@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]*[A-Za-z0-9])$/;

/**
 * An owner that is an email in one of `domains` (case-insensitive, exact: a subdomain is not the
 * domain, it may be run by someone else). Anyone can write an owner tag; only these get looked up.
 */
export function emailInDomains(owner: string, domains: readonly string[]): boolean {
  const domain = PLAIN_EMAIL.exec(owner)?.[1]?.toLowerCase();
  return domain !== undefined && domains.some((allowed) => allowed.toLowerCase() === domain);
}

/** API calls that bring a resource into existence (EC2 RunInstances, CreateBucket, AllocateAddress, ...). */
const CREATE_EVENT = /^(Create|Run|Allocate|Register|Import|Copy|Request)/;
/**
 * Calls named like creations that only touch an existing resource (tags it, backs it up): looking
 * a volume up by its ID also returns the CreateSnapshot calls made from it, by whoever.
 */
const NOT_CREATING = /(Tags?|Tagging)$|^Create(Snapshots?|Image|Grant|Backup|DBSnapshot|DBClusterSnapshot|Alias)$/;

/** The part of a LookupEvents event the owner logic reads. */
export interface TrailEvent {
  readonly EventName?: string;
  readonly EventTime?: Date;
  readonly Username?: string;
  /** The full event as a JSON string, with `userIdentity`. */
  readonly CloudTrailEvent?: string;
}

/** The oldest creating event among those returned for a resource (LookupEvents lists newest first). */
export function creationEvent(events: readonly TrailEvent[]): TrailEvent | undefined {
  const creating = events.filter((e) => e.EventName && CREATE_EVENT.test(e.EventName) && !NOT_CREATING.test(e.EventName));
  return creating.reduce<TrailEvent | undefined>(
    (oldest, e) => (!oldest || (e.EventTime?.getTime() ?? Infinity) < (oldest.EventTime?.getTime() ?? Infinity) ? e : oldest),
    undefined,
  );
}

/**
 * Who sent the event, as a person would name them: an IAM user's name, an assumed role's session
 * name (for IAM Identity Center sign-ins, usually the person's email), `root`, or the AWS service
 * that acted. Falls back to the event's `Username`.
 */
export function principalOf(event: TrailEvent): string | undefined {
  let identity: Record<string, unknown> | undefined;
  try {
    const parsed = event.CloudTrailEvent ? (JSON.parse(event.CloudTrailEvent) as { userIdentity?: Record<string, unknown> }) : undefined;
    identity = parsed?.userIdentity;
  } catch {
    identity = undefined; // A malformed event body still has Username.
  }
  const type = identity?.type;
  if (type === 'IAMUser' && typeof identity?.userName === 'string') return identity.userName;
  if (type === 'Root') return 'root';
  if (type === 'AWSService' && typeof identity?.invokedBy === 'string') return identity.invokedBy;
  if ((type === 'AssumedRole' || type === 'FederatedUser') && typeof identity?.arn === 'string') {
    // arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com
    const session = identity.arn.split('/').slice(2).join('/');
    if (session) return session;
  }
  return event.Username?.trim() || undefined;
}
