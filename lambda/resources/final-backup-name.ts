/** Every final snapshot/backup the janitor takes starts with this, so people can find (and clean up) them. */
export const FINAL_BACKUP_PREFIX = 'janitor-final';

/** `yyyymmddhhmm` in UTC: sorts by time and keeps a rerun on another night from colliding. */
export function backupTimestamp(now: Date): string {
  return now.toISOString().slice(0, 16).replace(/[-T:]/g, '');
}

/**
 * `janitor-final-{id}-{yyyymmddhhmm}` as RDS (DB and cluster snapshots) and ElastiCache accept
 * snapshot identifiers: at most 255 letters, digits and hyphens, a letter first, no double hyphen,
 * no trailing hyphen. The prefix supplies the leading letter; the id is cleaned and shortened to fit.
 */
export function finalSnapshotIdentifier(resourceId: string, now: Date, maxLength = 255): string {
  const suffix = `-${backupTimestamp(now)}`;
  const room = maxLength - FINAL_BACKUP_PREFIX.length - 1 - suffix.length;
  const cleanId = resourceId
    .replace(/[^A-Za-z0-9-]/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .slice(0, Math.max(room, 0))
    .replace(/-+$/, '');
  return cleanId ? `${FINAL_BACKUP_PREFIX}-${cleanId}${suffix}` : `${FINAL_BACKUP_PREFIX}${suffix}`;
}
