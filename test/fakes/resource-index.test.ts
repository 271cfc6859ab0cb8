import { describe, expect, it } from 'vitest';
import { FakeAccount, type FakeResource } from './fake-account';

const resource = (type: string, region: string, n: number): FakeResource => ({
  type,
  region,
  arn: `arn:aws:test:${region}:123456789012:${type}/${n}`,
  tags: {},
  everTagged: false,
  data: { n },
});

describe("the fake account's resources, indexed by type and region", () => {
  it('stays a Map: get, set, delete, has, size and iteration in insertion order', () => {
    const account = new FakeAccount();
    const [a, b, c] = [resource('t:a', 'eu-west-1', 1), resource('t:b', 'eu-west-1', 2), resource('t:a', 'us-east-1', 3)];
    for (const r of [a, b, c]) account.resources.set(r.arn, r);
    expect([...account.resources.keys()]).toEqual([a.arn, b.arn, c.arn]);
    expect(account.resources.get(b.arn)).toBe(b);
    expect(account.resources.size).toBe(3);
    expect(account.resources.delete(b.arn)).toBe(true);
    expect(account.resources.delete(b.arn)).toBe(false);
    expect([...account.resources.values()]).toEqual([a, c]);
    expect(account.resources instanceof Map).toBe(true);
    account.resources.clear();
    expect(account.list('t:a')).toEqual([]);
  });

  it('lists a type (in a region) in insertion order, following sets, deletes and removals', () => {
    const account = new FakeAccount();
    const all = Array.from({ length: 6 }, (_, n) => resource(n % 2 ? 't:odd' : 't:even', n < 3 ? 'eu-west-1' : 'us-east-1', n));
    for (const r of all) account.resources.set(r.arn, r);
    expect(account.list('t:even').map((r) => r.data.n)).toEqual([0, 2, 4]);
    expect(account.list('t:even', 'eu-west-1').map((r) => r.data.n)).toEqual([0, 2]);
    expect(account.list('t:odd', 'us-east-1').map((r) => r.data.n)).toEqual([3, 5]);
    expect(account.list('t:none')).toEqual([]);

    account.remove(all[2]!.arn);
    // Set again with the same type and region: same place.
    account.resources.set(all[0]!.arn, { ...all[0]!, tags: { k: 'v' } });
    expect(account.list('t:even').map((r) => [r.data.n, r.tags])).toEqual([
      [0, { k: 'v' }],
      [4, {}],
    ]);
    // Set again under another region: it keeps its place in the Map, and its new bucket follows that order.
    account.resources.set(all[4]!.arn, { ...all[4]!, region: 'eu-west-1' });
    expect(account.list('t:even', 'eu-west-1').map((r) => r.data.n)).toEqual([0, 4]);
    expect(account.list('t:even', 'us-east-1')).toEqual([]);
    expect(account.list('t:even').map((r) => r.data.n)).toEqual([0, 4]);
    expect(account.findBy('t:odd', 'n', 5, 'us-east-1')).toBe(all[5]);
  });

  it('costs what a listing returns, not a scan of the account', () => {
    const account = new FakeAccount();
    for (let n = 0; n < 100_000; n += 1) account.put(resource(`t:${n % 33}`, 'eu-west-1', n));
    for (let n = 0; n < 5; n += 1) account.put(resource('t:rare', 'eu-west-1', n));
    const started = performance.now();
    for (let i = 0; i < 2_000; i += 1) expect(account.list('t:rare', 'eu-west-1')).toHaveLength(5);
    // Scanning 100k resources 2,000 times takes seconds; the index, milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
