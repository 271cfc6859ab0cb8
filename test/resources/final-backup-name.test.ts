import { describe, expect, it } from 'vitest';
import { backupTimestamp, finalSnapshotIdentifier } from '../../lambda/resources/final-backup-name';

const NOW = new Date('2026-11-24T03:07:59Z');
/** RDS/ElastiCache snapshot identifier rules: a letter first, letters/digits/hyphens, no double or trailing hyphen. */
const VALID = /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/;

describe('final backup names', () => {
  it('stamps names with the UTC minute', () => {
    expect(backupTimestamp(NOW)).toBe('202611240307');
  });

  it('names a snapshot janitor-final-{id}-{yyyymmddhhmm}', () => {
    expect(finalSnapshotIdentifier('orders-db', NOW)).toBe('janitor-final-orders-db-202611240307');
  });

  it('keeps identifiers valid whatever the source id looks like', () => {
    for (const id of ['orders--db', 'orders_db.v2', '-leading', 'trailing-', '1starts-with-digit', '___']) {
      const name = finalSnapshotIdentifier(id, NOW);
      expect(name, id).toMatch(VALID);
      expect(name.endsWith('-202611240307')).toBe(true);
    }
    expect(finalSnapshotIdentifier('orders_db.v2', NOW)).toBe('janitor-final-orders-db-v2-202611240307');
  });

  it('shortens long ids to the 255-character limit without leaving a trailing hyphen', () => {
    const name = finalSnapshotIdentifier(`${'a'.repeat(227)}-${'b'.repeat(100)}`, NOW);

    expect(name.length).toBeLessThanOrEqual(255);
    expect(name).toMatch(VALID);
    expect(name).toBe(`janitor-final-${'a'.repeat(227)}-202611240307`);
  });
});
