import type { Tags } from './model';

/** One `slack.routes` entry: the channel of the accounts it selects. */
export interface SlackRoute {
  readonly channel: string;
  readonly accounts: readonly string[];
  readonly organizationalUnits: readonly string[];
  readonly accountTags: Readonly<Record<string, string>>;
}

/** What routing knows of one account: the routes' OUs it sits under, and its Organizations tags. */
export interface AccountFacts {
  readonly accountId: string;
  readonly underOrganizationalUnits: ReadonlySet<string>;
  readonly tags: Tags;
}

const normalized = (value: string) => value.trim().toLowerCase();

function selects(route: SlackRoute, account: AccountFacts): boolean {
  if (route.accounts.includes(account.accountId)) return true;
  if (route.organizationalUnits.some((ou) => account.underOrganizationalUnits.has(ou))) return true;
  const wanted = Object.entries(route.accountTags);
  return (
    wanted.length > 0 &&
    wanted.every(([key, value]) => account.tags[key] !== undefined && normalized(account.tags[key]) === normalized(value))
  );
}

/** The channel an account's warnings and summary go to: the first route selecting it, else the default. */
export function channelFor(account: AccountFacts, routes: readonly SlackRoute[], defaultChannel: string): string {
  return routes.find((route) => selects(route, account))?.channel ?? defaultChannel;
}

/** Whether any route selects by account tags (then every account's tags are read). */
export function routesUseAccountTags(routes: readonly SlackRoute[]): boolean {
  return routes.some((r) => Object.keys(r.accountTags).length > 0);
}

/**
 * The channel a sweep posts to: the one the plan step routed its target to, which must be one the
 * configuration names (a run object edited by hand must not send warnings elsewhere).
 */
export function configuredChannel(routed: string | undefined, defaultChannel: string, routes: readonly SlackRoute[]): string {
  if (routed === undefined || routed === defaultChannel) return defaultChannel;
  if (routes.some((r) => r.channel === routed)) return routed;
  throw new Error(`the target's channel ${JSON.stringify(routed)} is neither slack.channel nor the channel of a slack.routes entry`);
}
