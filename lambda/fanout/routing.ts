import { OrganizationsClient, paginateListTagsForResource } from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import type { SweepTarget } from '../core/run-results';
import { type AccountFacts, channelFor, routesUseAccountTags } from '../core/slack-routes';
import { tagsFromList } from '../core/tag-list';
import { mapBounded } from '../util/concurrency';
import { errorText } from '../util/errors';
import { activeAccountsUnder } from './targets';

/** Organizations allows a few calls per second per account; tags are read this many accounts at a time. */
const TAG_READS_AT_ONCE = 4;

/**
 * Each target with the channel its account reports to (`slack.routes`, else `slack.channel`). The
 * routes' OUs and, when a route selects by tag, every account's tags are read from Organizations:
 * a failed read fails the run, since posting a team's warnings to the wrong channel would hide them.
 */
export async function withChannels(
  targets: readonly SweepTarget[],
  slack: JanitorConfig['slack'],
  clients: AwsClients,
): Promise<SweepTarget[]> {
  const accounts = [...new Set(targets.map((t) => t.accountId))];
  const facts = await accountFacts(accounts, slack.routes, clients);
  const channels = new Map(facts.map((f) => [f.accountId, channelFor(f, slack.routes, slack.channel)]));
  return targets.map((t) => ({ ...t, channel: channels.get(t.accountId) ?? slack.channel }));
}

async function accountFacts(
  accounts: readonly string[],
  routes: JanitorConfig['slack']['routes'],
  clients: AwsClients,
): Promise<AccountFacts[]> {
  if (routes.length === 0) return accounts.map((accountId) => ({ accountId, underOrganizationalUnits: new Set(), tags: {} }));
  const org = clients.get(OrganizationsClient);
  const under = new Map<string, Set<string>>();
  for (const ou of new Set(routes.flatMap((r) => r.organizationalUnits))) {
    for (const id of await activeAccountsUnder(org, ou)) under.set(id, (under.get(id) ?? new Set()).add(ou));
  }
  const readTags = routesUseAccountTags(routes);
  return mapBounded(accounts, TAG_READS_AT_ONCE, async (accountId) => ({
    accountId,
    underOrganizationalUnits: under.get(accountId) ?? new Set<string>(),
    tags: readTags ? await accountTags(org, accountId) : {},
  }));
}

async function accountTags(org: OrganizationsClient, accountId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  try {
    for await (const page of paginateListTagsForResource({ client: org }, { ResourceId: accountId })) {
      Object.assign(tags, tagsFromList(page.Tags));
    }
  } catch (error) {
    throw new Error(
      `could not read the Organizations tags of account ${accountId} for slack.routes: ${errorText(error)}. ` +
        'Account tags can only be read from the management account or a delegated administrator.',
      { cause: error },
    );
  }
  return tags;
}

/** A run over more than this account, or with routes, gets an organization digest in `slack.channel`. */
export function isOrganizationRun(config: Pick<JanitorConfig, 'targets' | 'slack'>): boolean {
  const { accounts } = config.targets;
  return (
    config.slack.routes.length > 0 || accounts.organizationalUnits.length > 0 || accounts.ids.length + (accounts.includeSelf ? 1 : 0) > 1
  );
}
