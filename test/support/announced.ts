import { InMemoryAnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import type { Announcement } from '../../lambda/core/announcements';

/** What a resource looked like to the run that announced it. */
export interface AnnouncedResource {
  readonly arn: string;
  readonly createdAt?: Date;
  /** The deadline announced (and written into its mark). */
  readonly deadline: string;
}

/** A ledger in which one earlier run, at `announcedAt`, announced these resources. */
export function ledgerAnnouncing(
  accountId: string,
  region: string,
  announcedAt: Date,
  resources: readonly AnnouncedResource[],
): InMemoryAnnouncementLedger {
  const ledger = new InMemoryAnnouncementLedger();
  const announcements: Announcement[] = resources.map((r) => ({
    arn: r.arn,
    ...(r.createdAt ? { identity: r.createdAt.toISOString() } : {}),
    deadline: r.deadline,
    announcedAt: announcedAt.toISOString(),
  }));
  void ledger.record(accountId, region, announcedAt, announcements);
  return ledger;
}
