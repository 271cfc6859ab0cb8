import { AccountClient, paginateListRegions } from '@aws-sdk/client-account';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from '@aws-sdk/client-organizations';
import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import type { SweepTarget } from '../core/run-results';
import { mapBounded } from '../util/concurrency';
import { errorText } from '../util/errors';

export type TargetsConfig = JanitorConfig['targets'];

/** Where the janitor itself runs. */
export interface Home {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Every (account, region) pair to sweep this run: the janitor's own account (when included), the
 * listed accounts and every active account under the listed OUs, minus the exclusions, times the
 * regions. Resolved at run time so new accounts in an OU are swept from their first night.
 * Failing to read the organization fails the run: silently sweeping fewer accounts is worse.
 */
export async function resolveTargets(config: TargetsConfig, home: Home, clients: AwsClients): Promise<SweepTarget[]> {
  const accounts = new Set<string>();
  if (config.accounts.includeSelf) accounts.add(home.accountId);
  for (const id of config.accounts.ids) accounts.add(id);
  for (const parentId of config.accounts.organizationalUnits) {
    for (const id of await activeAccountsUnder(clients.get(OrganizationsClient), parentId)) accounts.add(id);
  }
  for (const id of config.accounts.exclude) accounts.delete(id);
  const ordered = [...accounts].sort((a, b) => (a === home.accountId ? -1 : b === home.accountId ? 1 : a.localeCompare(b)));
  const regionsOf = await regionsByAccount(ordered, config.regions, home, clients);
  return ordered.flatMap((accountId) => (regionsOf.get(accountId) ?? []).map((region) => ({ accountId, region })));
}

/** Account Management allows a few calls per second; member regions are listed this many at a time. */
const REGION_READS_AT_ONCE = 4;

/** Each account's regions: the configured list, or with "all-enabled" the regions enabled in that very account. */
async function regionsByAccount(
  accounts: readonly string[],
  regions: TargetsConfig['regions'],
  home: Home,
  clients: AwsClients,
): Promise<Map<string, string[]>> {
  if (regions !== 'all-enabled') {
    const fixed = regions === undefined ? [home.region] : [...new Set(regions)].sort();
    return new Map(accounts.map((id) => [id, fixed]));
  }
  const listed = await mapBounded(accounts, REGION_READS_AT_ONCE, async (id) =>
    id === home.accountId ? ownEnabledRegions(clients) : memberEnabledRegions(clients, id),
  );
  return new Map(accounts.map((id, i) => [id, listed[i] ?? []]));
}

async function ownEnabledRegions(clients: AwsClients): Promise<string[]> {
  // Without AllRegions, DescribeRegions lists the regions enabled for this account (opt-in ones included once enabled).
  const { Regions } = await clients.get(EC2Client).send(new DescribeRegionsCommand({ AllRegions: false }));
  const names = (Regions ?? []).map((r) => r.RegionName).filter((name): name is string => Boolean(name));
  if (names.length === 0) throw new Error('DescribeRegions returned no enabled region');
  return names.sort();
}

/**
 * A member's own enabled regions (its opt-in regions may differ from the janitor's), from the
 * Account Management API in the management or delegated administrator account
 * (https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html).
 */
async function memberEnabledRegions(clients: AwsClients, accountId: string): Promise<string[]> {
  const names: string[] = [];
  try {
    const pages = paginateListRegions(
      { client: clients.get(AccountClient) },
      { AccountId: accountId, RegionOptStatusContains: ['ENABLED', 'ENABLED_BY_DEFAULT'] },
    );
    for await (const page of pages) for (const r of page.Regions ?? []) if (r.RegionName) names.push(r.RegionName);
  } catch (error) {
    throw new Error(
      `could not list the enabled regions of account ${accountId} (targets.regions "all-enabled"): ${errorText(error)}. ` +
        'The janitor must run in the management account or the delegated administrator for Account Management, ' +
        'with trusted access for account.amazonaws.com enabled; or list the regions in targets.regions.',
      { cause: error },
    );
  }
  if (names.length === 0) throw new Error(`ListRegions returned no enabled region for account ${accountId}`);
  return names.sort();
}

/** Active accounts anywhere below an OU (or root), depth first. */
export async function activeAccountsUnder(client: OrganizationsClient, parentId: string): Promise<string[]> {
  const found: string[] = [];
  const pending = [parentId];
  for (let parent = pending.pop(); parent !== undefined; parent = pending.pop()) {
    try {
      for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent })) {
        for (const account of page.Accounts ?? []) {
          // `State` replaces the deprecated `Status`; suspended and closing accounts are not swept.
          const state = account.State ?? account.Status;
          if (account.Id && state === 'ACTIVE') found.push(account.Id);
        }
      }
      for await (const page of paginateListOrganizationalUnitsForParent({ client }, { ParentId: parent })) {
        for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) pending.push(ou.Id);
      }
    } catch (error) {
      const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(
        `could not list the accounts under ${parent} (from targets.accounts.organizationalUnits ${parentId}): ${why}. ` +
          'Organizations can only be read from the management account or a delegated administrator.',
        { cause: error },
      );
    }
  }
  return found;
}
