import { describe, expect, it } from 'vitest';
import type { Tags } from '../../lambda/core/model';
import { combineCensuses, tagCensus } from '../../lambda/core/tag-census';

const MANAGED_BY = { key: 'ManagedBy', values: ['terraform', 'cdk'] };

describe('tag census', () => {
  const tags: Tags[] = [
    { ManagedBy: 'terraform' },
    { ManagedBy: 'Terraform' },
    { managedby: 'terraform' },
    { ManagedBy: 'manual' },
    { ManagedBy: ' cdk ' },
    { Owner: 'ana' },
    {},
  ];

  it('counts values as written, says which count as IaC, and counts resources without the key', () => {
    const census = tagCensus(tags, { requiredTags: [MANAGED_BY] });
    expect(census).toMatchObject({ resources: 7, caseSensitive: false });
    expect(census.keys).toEqual([
      {
        key: 'ManagedBy',
        allowedValues: ['terraform', 'cdk'],
        values: [
          { value: 'terraform', count: 2, countsAsIaC: true },
          { value: ' cdk ', count: 1, countsAsIaC: true },
          { value: 'manual', count: 1, countsAsIaC: false },
          { value: 'Terraform', count: 1, countsAsIaC: true },
        ],
        missing: 2,
        spellings: [
          { key: 'ManagedBy', count: 4, matchesRule: true },
          { key: 'managedby', count: 1, matchesRule: true },
        ],
      },
    ]);
  });

  it('under case-sensitive rules, other spellings and cases are listed but do not count', () => {
    const key = tagCensus(tags, { requiredTags: [MANAGED_BY], caseSensitive: true }).keys[0]!;
    expect(key.missing).toBe(3);
    expect(key.values).toEqual([
      { value: ' cdk ', count: 1, countsAsIaC: false },
      { value: 'manual', count: 1, countsAsIaC: false },
      { value: 'terraform', count: 1, countsAsIaC: true },
      { value: 'Terraform', count: 1, countsAsIaC: false },
    ]);
    expect(key.spellings).toContainEqual({ key: 'managedby', count: 1, matchesRule: false });
  });

  it('a rule without values counts every value; globs follow the rule', () => {
    const census = tagCensus([{ Team: 'a' }, { team: 'b' }, { ManagedBy: 'terraform-aws' }], {
      requiredTags: [{ key: 'Team' }, { key: 'ManagedBy', values: ['terraform*'] }],
    });
    const [team, managedBy] = census.keys;
    expect(team!.allowedValues).toBeUndefined();
    expect(team!.values.every((v) => v.countsAsIaC)).toBe(true);
    expect(team!.missing).toBe(1);
    expect(managedBy!.values).toEqual([{ value: 'terraform-aws', count: 1, countsAsIaC: true }]);
  });

  it('a resource with two spellings of the key is counted once, under the tag the rule sees', () => {
    const key = tagCensus([{ ManagedBy: 'cdk', managedby: 'manual' }], { requiredTags: [MANAGED_BY] }).keys[0]!;
    expect(key.values).toEqual([{ value: 'cdk', count: 1, countsAsIaC: true }]);
    expect(key.spellings.map((s) => s.count)).toEqual([1, 1]);
  });

  it('combines regions by adding counts', () => {
    const rules = { requiredTags: [MANAGED_BY] };
    const total = combineCensuses([
      tagCensus([{ ManagedBy: 'cdk' }, {}], rules),
      tagCensus([{ ManagedBy: 'cdk' }, { ManagedBy: 'x' }], rules),
    ]);
    expect(total).toMatchObject({
      resources: 4,
      keys: [
        {
          missing: 1,
          values: [
            { value: 'cdk', count: 2 },
            { value: 'x', count: 1, countsAsIaC: false },
          ],
        },
      ],
    });
    expect(combineCensuses([])).toBeUndefined();
  });
});
