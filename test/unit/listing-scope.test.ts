import { describe, expect, it } from 'vitest';
import { MIN_INDEX_AGE_MS, narrowToFound, outlineDistrust, type RegionOutline } from '../../lambda/core/listing-scope';

const NOW = new Date('2026-11-20T02:00:00Z');
const OLD = new Date('2026-01-01T00:00:00Z');

function outline(overrides: Partial<RegionOutline> = {}): RegionOutline {
  return {
    index: { state: 'ACTIVE', createdAt: OLD },
    viewFilter: '',
    supportedTypes: ['ec2:instance', 'sqs:queue', 'rds:cluster', 'elasticloadbalancing:loadbalancer'],
    foundTypes: [],
    complete: true,
    ...overrides,
  };
}

const TYPES = [
  { id: 'ec2:instance' },
  { id: 'sqs:queue' },
  { id: 'docdb:cluster', taggingType: 'rds:cluster' },
  { id: 'neptune:cluster', taggingType: 'rds:cluster' },
  { id: 'elasticloadbalancing:loadbalancer' },
  { id: 'lambda:function' },
];
const listed = (o: RegionOutline) => narrowToFound(TYPES, o).list.map((t) => t.id);

describe('which types a night lists when Resource Explorer narrows it', () => {
  it('skips only indexed types with no resource found; an unindexed type is always listed', () => {
    expect(narrowToFound(TYPES, outline({ foundTypes: ['sqs:queue'] }))).toEqual({
      list: [{ id: 'sqs:queue' }, { id: 'lambda:function' }],
      skipped: ['ec2:instance', 'docdb:cluster', 'neptune:cluster', 'elasticloadbalancing:loadbalancer'],
    });
  });

  it('matches by tagging type, so every plug-in sharing one is listed together', () => {
    expect(listed(outline({ foundTypes: ['rds:cluster'] }))).toEqual(['docdb:cluster', 'neptune:cluster', 'lambda:function']);
  });

  it('counts a subtype as its base type, and compares types in any case', () => {
    expect(listed(outline({ foundTypes: ['ElasticLoadBalancing:LoadBalancer/app'] }))).toContain('elasticloadbalancing:loadbalancer');
    expect(listed(outline({ supportedTypes: ['EC2:Instance'], foundTypes: [] }))).not.toContain('ec2:instance');
    expect(listed(outline({ foundTypes: ['EC2:INSTANCE'] }))).toContain('ec2:instance');
  });

  it('does not take a longer type sharing a prefix for the type itself', () => {
    expect(listed(outline({ foundTypes: ['ec2:instance-connect-endpoint', 'sqs:queues'] }))).toEqual(['lambda:function']);
  });

  it('lists a type Resource Explorer indexes only under another name, never guessing the mapping', () => {
    const types = [{ id: 'elasticloadbalancing:loadbalancer' }];
    const o = outline({ supportedTypes: ['elasticloadbalancing:loadbalancer/app'], foundTypes: [] });
    expect(narrowToFound(types, o).list).toEqual(types);
  });
});

describe('when the outline is not trusted, and every type is listed', () => {
  it('trusts an old, active index whose unfiltered default view counted everything', () => {
    expect(outlineDistrust(outline(), NOW)).toBeUndefined();
    expect(outlineDistrust(outline({ viewFilter: '  ' }), NOW)).toBeUndefined();
  });

  it.each<[string, Partial<RegionOutline>, RegExp]>([
    ['no index', { index: 'none' }, /no index/],
    ['an index being updated', { index: { state: 'UPDATING', createdAt: OLD } }, /UPDATING, not ACTIVE/],
    ['an index of unknown age', { index: { state: 'ACTIVE' } }, /less than 48 hours/],
    ['no default view', { viewFilter: 'no-default-view' }, /no default/],
    ['a tag-filtered view', { viewFilter: '-tag:none' }, /has a filter \("-tag:none"\)/],
    ['a search cut at 1,000 results', { complete: false }, /more than 1,000/],
  ])('%s', (_case, overrides, reason) => {
    expect(outlineDistrust(outline(overrides), NOW)).toMatch(reason);
  });

  it('shows a hostile filter on one line, without control characters, clipped to 100 characters', () => {
    const reason = outlineDistrust(outline({ viewFilter: `tag:x\n\u001b[2J${'y'.repeat(300)}` }), NOW)!;
    expect(reason).not.toMatch(/\p{Cc}/u);
    expect(reason).toContain(`("tag:x [2J${'y'.repeat(91)}")`);
  });

  it('an index exactly 48 hours old is trusted, a second younger is not', () => {
    const at = (ms: number) => outline({ index: { state: 'ACTIVE', createdAt: new Date(NOW.getTime() - ms) } });
    expect(outlineDistrust(at(MIN_INDEX_AGE_MS), NOW)).toBeUndefined();
    expect(outlineDistrust(at(MIN_INDEX_AGE_MS - 1000), NOW)).toMatch(/less than 48 hours/);
    // Created "in the future" (a skewed clock) is no older than now.
    expect(outlineDistrust(at(-3600_000), NOW)).toMatch(/less than 48 hours/);
  });
});
