import { describe, expect, it } from 'vitest';
import { type Announcement, AnnouncementIndex, announcementsSince, NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { deadlineFor, decide } from '../../lambda/core/decide';
import { MARK_TAG, type Resource } from '../../lambda/core/model';
import { DAY_MS, formatDeadline, HOUR_MS } from '../../lambda/core/tag-values';
import { policyWith } from '../support/policy';

/** Night N announced and marked; night N+1 may delete only what N announced, as N announced it. */
const ANNOUNCED_AT = new Date('2026-11-22T02:00:00Z');
const NEXT_NIGHT = new Date('2026-11-23T01:55:00Z');
const CREATED = new Date('2026-10-01T00:00:00Z');

const policy = policyWith();
const DEADLINE = formatDeadline(deadlineFor(ANNOUNCED_AT, policy));

function queue(tags: Record<string, string>, extra: Partial<Resource> = {}): Resource {
  return {
    type: 'sqs:queue',
    arn: 'arn:aws:sqs:eu-west-1:123456789012:scratch',
    id: 'scratch',
    region: 'eu-west-1',
    accountId: '123456789012',
    createdAt: CREATED,
    tags,
    ...extra,
  };
}

const marked = (deadline = DEADLINE, extra: Partial<Resource> = {}) => queue({ [MARK_TAG]: deadline }, extra);

function ledger(...overrides: Partial<Announcement>[]): AnnouncementIndex {
  const base: Announcement = {
    arn: marked().arn,
    identity: CREATED.toISOString(),
    deadline: DEADLINE,
    announcedAt: ANNOUNCED_AT.toISOString(),
  };
  return new AnnouncementIndex(overrides.length === 0 ? [base] : overrides.map((o) => ({ ...base, ...o })));
}

describe('the deletion gate: a mark deletes only when the janitor announced that very resource with that deadline', () => {
  it('deletes the announced resource once its deadline passed', () => {
    expect(decide(marked(), NEXT_NIGHT, policy, ledger())).toMatchObject({ status: 'due', action: 'delete' });
  });

  it('waits while the announced deadline is ahead, even when the run is repeated the same night', () => {
    expect(decide(marked(), new Date(ANNOUNCED_AT.getTime() + 20 * 60_000), policy, ledger())).toMatchObject({
      status: 'waiting',
      action: 'none',
    });
  });

  it('a well-formed, past-due mark the janitor never announced is announced anew, never deleted', () => {
    const foreign = marked('2026-11-01T00:00:00Z');
    const d = decide(foreign, NEXT_NIGHT, policy, NO_ANNOUNCEMENTS);
    expect(d).toMatchObject({ status: 'unannounced-mark', action: 'mark' });
    expect(d.reason).toMatch(/matches no recent announcement by the janitor/);
    expect(d.deadline!.getTime()).toBeGreaterThan(NEXT_NIGHT.getTime());
  });

  it('a mark whose deadline differs from the one announced (copied from another resource, edited) does not delete', () => {
    const copied = marked('2026-11-22T20:00:00Z');
    expect(decide(copied, NEXT_NIGHT, policy, ledger()).status).toBe('unannounced-mark');
  });

  it("another resource's announcement does not cover this one", () => {
    const other = ledger({ arn: 'arn:aws:sqs:eu-west-1:123456789012:other' });
    expect(decide(marked(), NEXT_NIGHT, policy, other).status).toBe('unannounced-mark');
  });

  it('a resource re-created under the same ARN is a new resource: the old announcement does not cover it', () => {
    const recreated = marked(DEADLINE, { createdAt: new Date('2026-11-22T12:00:00Z') });
    const d = decide(recreated, NEXT_NIGHT, policy, ledger());
    expect(d.status).toBe('too-young');
    const later = new Date(NEXT_NIGHT.getTime() + 2 * DAY_MS);
    const stillUnannounced = decide(recreated, later, policy, ledger());
    expect(stillUnannounced.status).toBe('unannounced-mark');
    expect(stillUnannounced.reason).toMatch(/earlier resource with this ARN/);
  });

  it('without a creation time, the per-creation id tells a re-created resource from the one announced', () => {
    const announced = marked(DEADLINE, { createdAt: undefined, identity: 'fw-id-1' });
    const byId = ledger({ identity: 'fw-id-1' });
    expect(decide(announced, NEXT_NIGHT, policy, byId)).toMatchObject({ status: 'due', action: 'delete' });
    // Deleted and re-created under the same name, the mark copied over: a new firewall id.
    const recreated = decide(marked(DEADLINE, { createdAt: undefined, identity: 'fw-id-2' }), NEXT_NIGHT, policy, byId);
    expect(recreated).toMatchObject({ status: 'unannounced-mark', action: 'mark' });
    expect(recreated.reason).toMatch(/earlier resource with this ARN \(id fw-id-1\); this one has id fw-id-2/);
    // Announced before ids were recorded: not shown to be the same, so announced anew rather than deleted.
    expect(decide(announced, NEXT_NIGHT, policy, ledger({ identity: undefined })).status).toBe('unannounced-mark');
  });

  it('a resource whose creation time cannot be read is not shown to be the one announced, so it is not deleted', () => {
    const unknownAge = marked(DEADLINE, { createdAt: undefined });
    expect(decide(unknownAge, NEXT_NIGHT, policy, ledger()).status).toBe('unannounced-mark');
  });

  it('an announcement made by the same run does not count: it must be an earlier run', () => {
    const sameRun = ledger({ announcedAt: NEXT_NIGHT.toISOString() });
    expect(decide(marked(), NEXT_NIGHT, policy, sameRun).status).toBe('unannounced-mark');
  });

  it('a far-future mark is no silent permanent keep: announced anew with a real deadline', () => {
    for (const far of ['9999-12-31T00:00:00Z', '2027-01-01T00:00:00Z']) {
      const d = decide(marked(far), NEXT_NIGHT, policy, NO_ANNOUNCEMENTS);
      expect(d).toMatchObject({ status: 'unannounced-mark', action: 'mark' });
      expect(d.reason).toMatch(/further away than one grace period/);
    }
  });

  it('a deadline one grace period ahead plus jitter is what the janitor writes, and is not called far-future', () => {
    const justWritten = formatDeadline(deadlineFor(NEXT_NIGHT, policy));
    const own = ledger({ deadline: justWritten, announcedAt: new Date(NEXT_NIGHT.getTime() - 60_000).toISOString() });
    expect(decide(marked(justWritten), NEXT_NIGHT, policy, own).status).toBe('waiting');
  });

  it('an announcement whose deadline passed more than maxDaysPastDeadline ago is stale: announced again', () => {
    const daysPast = (days: number) => new Date(Date.parse(DEADLINE) + days * DAY_MS);
    expect(decide(marked(), daysPast(7), policy, ledger()).status).toBe('due');
    const stale = decide(marked(), new Date(daysPast(7).getTime() + HOUR_MS), policy, ledger());
    expect(stale).toMatchObject({ status: 'stale-mark', action: 'mark' });
    expect(stale.reason).toMatch(/passed 7 days ago \(more than deletion.maxDaysPastDeadline = 7/);
    const forty = policyWith({ deletion: { maxDaysPastDeadline: 40 } });
    expect(decide(marked(), daysPast(39), forty, ledger()).status).toBe('due');
  });

  it('re-announcing a foreign mark follows the minimum-age rule like any new violation', () => {
    const young = marked('2026-11-01T00:00:00Z', { createdAt: new Date(NEXT_NIGHT.getTime() - 10 * 60_000) });
    expect(decide(young, NEXT_NIGHT, policy, NO_ANNOUNCEMENTS)).toMatchObject({ status: 'too-young', action: 'none' });
  });

  it('compliance, exemption and protection still win over an announced, due mark', () => {
    expect(decide(queue({ [MARK_TAG]: DEADLINE, ManagedBy: 'terraform' }), NEXT_NIGHT, policy, ledger()).action).toBe('unmark');
    expect(decide(queue({ [MARK_TAG]: DEADLINE, 'janitor:exempt': 'true' }), NEXT_NIGHT, policy, ledger()).action).toBe('unmark');
    expect(decide(queue({ [MARK_TAG]: DEADLINE, 'karpenter.sh/nodepool': 'default' }), NEXT_NIGHT, policy, ledger()).status).toBe(
      'protected',
    );
  });

  it('the look-back window reaches every announcement that could still permit a deletion', () => {
    const since = announcementsSince(NEXT_NIGHT, policy.gracePeriodMs, policy.maxPastDeadlineMs);
    // The oldest announcement still due: its deadline (one grace period after it) passed maxDaysPastDeadline ago.
    const oldestUseful = NEXT_NIGHT.getTime() - policy.maxPastDeadlineMs - policy.gracePeriodMs;
    expect(since.getTime()).toBeLessThan(oldestUseful);
  });
});
