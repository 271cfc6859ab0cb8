import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../lambda/config';

const minimal = { slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack-bot-token' } };

function problemsOf(targets: unknown): string[] {
  try {
    parseConfig({ ...minimal, targets });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('configuration: where the janitor sweeps', () => {
  it('by default sweeps only its own account, in its own region, ten targets at a time', () => {
    const { targets } = parseConfig(minimal);
    expect(targets.regions).toBeUndefined();
    expect(targets.accounts).toEqual({ includeSelf: true, ids: [], organizationalUnits: [], exclude: [] });
    expect(targets.memberRoleName).toBe('UntaggedResourceJanitorMember');
    expect(targets.maxConcurrency).toBe(10);
  });

  it('accepts explicit regions, "all-enabled", member accounts and OUs', () => {
    const { targets } = parseConfig({
      ...minimal,
      targets: {
        regions: ['eu-west-1', 'us-gov-west-1'],
        accounts: { ids: ['111111111111'], organizationalUnits: ['ou-ab12-abcdefgh', 'r-ab12'], exclude: ['222222222222'] },
        externalId: 'janitor-7f3c',
      },
    });
    expect(targets.regions).toEqual(['eu-west-1', 'us-gov-west-1']);
    expect(targets.accounts.organizationalUnits).toHaveLength(2);
    expect(parseConfig({ ...minimal, targets: { regions: 'all-enabled' } }).targets.regions).toBe('all-enabled');
  });

  it('names the field of every bad value', () => {
    const problems = problemsOf({
      regions: ['eu-west'],
      accounts: { ids: ['12345'], organizationalUnits: ['engineering'] },
      memberRoleName: 'has spaces',
      maxConcurrency: 0,
    }).join('\n');
    expect(problems).toMatch(/janitor\.targets\.regions\.0: must be an AWS region code/);
    expect(problems).toMatch(/janitor\.targets\.accounts\.ids\.0: must be a 12-digit AWS account id/);
    expect(problems).toMatch(/janitor\.targets\.accounts\.organizationalUnits\.0: must be an OU id/);
    expect(problems).toMatch(/janitor\.targets\.memberRoleName: must be an IAM role name/);
    expect(problems).toMatch(/janitor\.targets\.maxConcurrency/);
    expect(problemsOf({ regions: [] }).join()).toMatch(/janitor\.targets\.regions: list at least one region/);
  });

  it('refuses a configuration that would sweep no account at all', () => {
    expect(problemsOf({ accounts: { includeSelf: false } })).toEqual([
      'janitor.targets.accounts: no account to sweep: set includeSelf, or list ids or organizationalUnits',
    ]);
  });
});
