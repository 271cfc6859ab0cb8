import { describe, expect, it } from 'vitest';
import { TABLE_WIDTH, table, wrapWords } from '../../lambda/cli/text-table';

const longReason =
  'no ManagedBy tag and no IaC evidence: created by hand on 2026-09-01 by alice@example.com, marked, deleted after the deadline unless tagged or exempted';

const TRAIL = 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/'.padEnd(90, 'x');

describe('terminal tables', () => {
  it('fit 120 characters: the explanation wraps beside its row, aligned under its column', () => {
    const out = table([
      ['TYPE', 'RESOURCE', 'WHY'],
      ['ec2:instance', 'i-0123456789abcdef0', longReason],
    ]);
    const lines = out.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    const column = lines[0]!.indexOf('WHY');
    expect(lines[1]!.indexOf('no ManagedBy')).toBe(column);
    for (const more of lines.slice(2)) expect(more.search(/\S/)).toBe(column);
    expect(
      lines
        .slice(1)
        .map((l) => l.trim().replace(/^ec2:instance\s+i-0123456789abcdef0\s+/, ''))
        .join(' '),
    ).toBe(longReason);
  });

  it('puts the explanation under long names rather than in a sliver beside them', () => {
    const name = `clickops-${'x'.repeat(90)}`;
    const lines = table([
      ['TYPE', 'RESOURCE', 'WHY'],
      ['s3:bucket', name, longReason],
    ]).split('\n');
    expect(lines.slice(0, 2)).toEqual([`  TYPE       RESOURCE`, '      WHY']);
    expect(lines[2]).toBe(`  s3:bucket  ${name}`);
    for (const line of lines.slice(3)) {
      expect(line.startsWith('      ')).toBe(true);
      expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    }
  });

  it('never breaks a word: an ARN longer than the room keeps its own whole line', () => {
    const arn = `arn:aws:s3:::${'b'.repeat(60)}`;
    expect(wrapWords(`kept: ${arn} writes here`, 40)).toEqual(['kept:', arn, 'writes here']);
    expect(wrapWords('', 40)).toEqual(['']);
    const rows = table([
      ['TYPE', 'RESOURCE', 'WHY'],
      ['s3:bucket', 'b'.repeat(40), `a destination in use: ${TRAIL} writes here`],
    ]).split('\n');
    for (const line of rows) expect(line.length).toBeLessThanOrEqual(TABLE_WIDTH);
    expect(rows.some((l) => l.includes(TRAIL))).toBe(true);
  });
});
