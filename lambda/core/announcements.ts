import type { Resource } from './model';

/**
 * One resource as a posted warning announced it: the janitor's own record, kept where no one who
 * can tag a resource can write. A mark is only a claim; this is the evidence that the janitor
 * wrote it, told people, and about which resource.
 */
export interface Announcement {
  readonly arn: string;
  /** The resource's identity (see `resourceIdentity`); absent when the type reports none. */
  readonly identity?: string;
  /** The deadline announced and written into the mark (`formatDeadline`). */
  readonly deadline: string;
  /** When the announcing run started (ISO). */
  readonly announcedAt: string;
  /** Where the warning was posted, when Slack said. */
  readonly channel?: string;
  readonly messageTs?: string;
}

/**
 * What tells two resources with the same ARN apart: their creation time, else the per-creation id
 * the plug-in read. A queue or bucket deleted and re-created under the same name is a new resource
 * that nobody was warned about. Types whose ARN carries a unique id (instance, volume, security
 * group, Elastic IP) are told apart by the ARN.
 */
export function resourceIdentity(resource: Pick<Resource, 'createdAt' | 'identity'>): string | undefined {
  return resource.createdAt?.toISOString() ?? resource.identity;
}

/**
 * How far back a run reads the ledger: a deadline lies at most one grace period after its
 * announcement and permits deletion for `maxPastDeadlineMs` after it; a week more, so that a mark
 * announced before a pause is named stale rather than unknown, and a day for clock skew.
 */
export function announcementsSince(now: Date, gracePeriodMs: number, maxPastDeadlineMs: number): Date {
  return new Date(now.getTime() - gracePeriodMs - maxPastDeadlineMs - 8 * 24 * 3_600_000);
}

/** Announcements by ARN, for the decision. */
export class AnnouncementIndex {
  private readonly byArn = new Map<string, Announcement[]>();

  constructor(announcements: Iterable<Announcement> = []) {
    for (const a of announcements) {
      const known = this.byArn.get(a.arn);
      if (known) known.push(a);
      else this.byArn.set(a.arn, [a]);
    }
  }

  of(arn: string): readonly Announcement[] {
    return this.byArn.get(arn) ?? [];
  }

  get size(): number {
    return this.byArn.size;
  }
}

export const NO_ANNOUNCEMENTS = new AnnouncementIndex();
