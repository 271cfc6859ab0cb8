import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { type AccountFacts, channelFor, configuredChannel, type SlackRoute } from '../../lambda/core/slack-routes';
import { MINIMAL_CONFIG, problemsOf } from '../support/config';

const DEFAULT = '#platform-janitor';
const route = (channel: string, selectors: Partial<Omit<SlackRoute, 'channel'>>): SlackRoute => ({
  channel,
  accounts: [],
  organizationalUnits: [],
  accountTags: {},
  ...selectors,
});
const account = (accountId: string, facts: Partial<Omit<AccountFacts, 'accountId'>> = {}): AccountFacts => ({
  accountId,
  underOrganizationalUnits: new Set(),
  tags: {},
  ...facts,
});

describe('slack.routes: which channel an account reports to', () => {
  const routes = [
    route('#team-payments', { accounts: ['222222222222'] }),
    route('#team-data', { accountTags: { Team: 'data', Env: 'prod' } }),
    route('#team-workloads', { organizationalUnits: ['ou-root-workloads'] }),
  ];

  it('the first route that selects the account wins; an account no route selects goes to slack.channel', () => {
    const inWorkloadsAndListed = account('222222222222', { underOrganizationalUnits: new Set(['ou-root-workloads']) });
    expect(channelFor(inWorkloadsAndListed, routes, DEFAULT)).toBe('#team-payments');
    expect(channelFor(account('333333333333', { underOrganizationalUnits: new Set(['ou-root-workloads']) }), routes, DEFAULT)).toBe(
      '#team-workloads',
    );
    expect(channelFor(account('444444444444'), routes, DEFAULT)).toBe(DEFAULT);
    expect(channelFor(account('444444444444'), [], DEFAULT)).toBe(DEFAULT);
  });

  it('account tags select only when every one matches; values are compared trimmed and in any case, keys exactly', () => {
    const tagged = (tags: Record<string, string>) => channelFor(account('555555555555', { tags }), routes, DEFAULT);
    expect(tagged({ Team: ' DATA ', Env: 'Prod' })).toBe('#team-data');
    expect(tagged({ Team: 'data' })).toBe(DEFAULT);
    expect(tagged({ team: 'data', env: 'prod' })).toBe(DEFAULT);
    expect(tagged({ Team: 'data-platform', Env: 'prod' })).toBe(DEFAULT);
    expect(tagged({ Team: '', Env: 'prod' })).toBe(DEFAULT);
  });

  it('a sweep posts only to a configured channel, whatever its run object says', () => {
    expect(configuredChannel(undefined, DEFAULT, routes)).toBe(DEFAULT);
    expect(configuredChannel('#team-data', DEFAULT, routes)).toBe('#team-data');
    expect(() => configuredChannel('#attacker', DEFAULT, routes)).toThrow(
      /"#attacker" is neither slack.channel nor the channel of a slack.routes entry/,
    );
  });
});

describe('slack.routes in the configuration', () => {
  const withRoutes = (routes: unknown) => ({ ...MINIMAL_CONFIG, slack: { ...MINIMAL_CONFIG.slack, routes } });

  it('defaults to none; a route takes accounts, OUs and account tags', () => {
    expect(parseConfig(MINIMAL_CONFIG).slack.routes).toEqual([]);
    const parsed = parseConfig(withRoutes([{ channel: 'C0123ABCD', organizationalUnits: ['ou-ab12-34cd56ef'] }]));
    expect(parsed.slack.routes).toEqual([
      { channel: 'C0123ABCD', accounts: [], organizationalUnits: ['ou-ab12-34cd56ef'], accountTags: {} },
    ]);
  });

  it('a route that selects nothing, a bad channel, a bad OU or a misspelt field is named', () => {
    expect(problemsOf(withRoutes([{ channel: '#team-a' }]))).toEqual([
      'janitor.slack.routes.0: a route selects no account: give accounts, organizationalUnits or accountTags',
    ]);
    expect(problemsOf(withRoutes([{ channel: 'team-a', accounts: ['222222222222'] }]))[0]).toMatch(
      /^janitor\.slack\.routes\.0\.channel: must be a channel ID like "C0123ABCD" or a name like "#platform-alerts" \(got "team-a"\)/,
    );
    expect(problemsOf(withRoutes([{ channel: '#team-a', organizationalUnits: ['workloads'] }]))[0]).toMatch(
      /^janitor\.slack\.routes\.0\.organizationalUnits\.0: must be an OU id/,
    );
    expect(problemsOf(withRoutes([{ channel: '#team-a', acounts: ['222222222222'] }]))).toContain(
      'janitor.slack.routes.0: unknown field(s) "acounts" (did you mean "accounts"?)',
    );
  });
});
