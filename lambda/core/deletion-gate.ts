import { type Announcement, type AnnouncementIndex, resourceIdentity } from './announcements';
import type { Resource } from './model';
import { DAY_MS, formatDeadline } from './tag-values';

/**
 * Whether a well-formed mark is the janitor's own, announced one. Anyone who may tag a resource
 * can write a mark, and tags travel: copied wholesale from another resource, restored from a
 * snapshot, left by an earlier install. So a mark permits deletion only when the announcement
 * ledger shows the janitor announced that very resource with that very deadline in an earlier
 * run, and the deadline passed recently (a warning seen weeks ago, if ever, is no warning).
 */
export type MarkStanding =
  | { readonly kind: 'due'; readonly announcement: Announcement }
  | { readonly kind: 'waiting'; readonly announcement: Announcement }
  /** Not a mark the janitor announced: treat the resource as unmarked, announce it anew. */
  | { readonly kind: 'unannounced'; readonly why: string }
  /** Announced, but the deadline passed too long ago (the janitor was paused): announce anew. */
  | { readonly kind: 'stale'; readonly why: string };

export interface GateLimits {
  readonly gracePeriodMs: number;
  /** How far a deadline the janitor writes may lie beyond one grace period (clock jitter). */
  readonly futureToleranceMs: number;
  readonly maxPastDeadlineMs: number;
}

export function markStanding(
  resource: Resource,
  deadline: Date,
  now: Date,
  announcements: AnnouncementIndex,
  limits: GateLimits,
): MarkStanding {
  const written = formatDeadline(deadline);
  if (deadline.getTime() > now.getTime() + limits.gracePeriodMs + limits.futureToleranceMs) {
    return {
      kind: 'unannounced',
      why: `its mark's deadline ${written} is further away than one grace period, so the janitor did not write it`,
    };
  }
  const sameDeadline = announcements.of(resource.arn).filter((a) => a.deadline === written && Date.parse(a.announcedAt) < now.getTime());
  const [firstAnnounced] = sameDeadline;
  if (firstAnnounced === undefined) {
    return {
      kind: 'unannounced',
      why: `its mark (deadline ${written}) matches no recent announcement by the janitor: copied from another resource, restored from a snapshot, left by an earlier install, written by someone else, or announced before a long pause`,
    };
  }
  const identity = resourceIdentity(resource);
  // Before completion a resource's creation time is unread: it may wait, but acting on it waits for completion.
  const unread = identity === undefined && resource.needsCompletion === true;
  const announcement = sameDeadline.find((a) => a.identity === identity || unread);
  if (!announcement) return { kind: 'unannounced', why: recreatedWhy(firstAnnounced, resource, identity) };
  if (deadline.getTime() > now.getTime()) return { kind: 'waiting', announcement };
  const pastMs = now.getTime() - deadline.getTime();
  if (pastMs > limits.maxPastDeadlineMs) {
    const days = Math.floor(pastMs / DAY_MS);
    return {
      kind: 'stale',
      why: `announced for ${written}, which passed ${days} days ago (more than deletion.maxDaysPastDeadline = ${Math.round(limits.maxPastDeadlineMs / DAY_MS)}; the janitor did not run meanwhile)`,
    };
  }
  return { kind: 'due', announcement };
}

function recreatedWhy(announced: Announcement, resource: Resource, identity: string | undefined): string {
  if (identity === undefined)
    return `its creation time could not be read, so it cannot be shown to be the resource announced on ${announced.announcedAt.slice(0, 10)}`;
  if (resource.createdAt === undefined)
    return `the announcement was for an earlier resource with this ARN (id ${announced.identity ?? 'unknown'}); this one has id ${identity}`;
  return `the announcement was for an earlier resource with this ARN (created ${announced.identity ?? 'at an unknown time'}); this one was created ${identity}`;
}
