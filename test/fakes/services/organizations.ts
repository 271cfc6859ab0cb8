import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { type FakeAccount, FakeAwsError, fakeService, handle, paginate, required, tagList } from '../fake-account';

const OU = 'organizations:ou';
const MEMBER = 'organizations:account';

/** An OU (or the root, `r-...`) in the organization this fake account manages. */
export function seedOrganizationalUnit(account: FakeAccount, id: string, parentId?: string): void {
  account.put({ type: OU, arn: `arn:aws:organizations::${account.accountId}:ou/${id}`, region: 'global', data: { id, parentId } });
}

/** A member account directly under `parentId`; `state` ACTIVE unless given (SUSPENDED, PENDING_CLOSURE). */
export function seedMemberAccount(
  account: FakeAccount,
  id: string,
  parentId: string,
  state = 'ACTIVE',
  tags: Record<string, string> = {},
): void {
  account.put({
    type: MEMBER,
    arn: `arn:aws:organizations::${account.accountId}:account/${id}`,
    region: 'global',
    tags,
    data: { id, parentId, state },
  });
}

function knownParent(account: FakeAccount, parentId: string): void {
  if (!account.list(OU).some((ou) => ou.data.id === parentId)) {
    throw new FakeAwsError('ParentNotFoundException', `We can't find a root or OU with the ParentId that you specified: ${parentId}`);
  }
}

/** AWS Organizations, as seen from the management account. */
export function installOrganizations(account: FakeAccount) {
  const stub = fakeService(OrganizationsClient, account);
  handle(stub, account, 'organizations', ListAccountsForParentCommand, (input) => {
    knownParent(account, required(input, 'ParentId'));
    const members = account.list(MEMBER).filter((a) => a.data.parentId === input.ParentId);
    const { page, next } = paginate(members, input.NextToken, Math.min(input.MaxResults ?? 20, account.defaultPageSize));
    return { Accounts: page.map((a) => ({ Id: a.data.id, State: a.data.state, Arn: a.arn })), NextToken: next };
  });
  handle(stub, account, 'organizations', ListOrganizationalUnitsForParentCommand, (input) => {
    knownParent(account, required(input, 'ParentId'));
    const children = account.list(OU).filter((ou) => ou.data.parentId === input.ParentId);
    const { page, next } = paginate(children, input.NextToken, Math.min(input.MaxResults ?? 20, account.defaultPageSize));
    return { OrganizationalUnits: page.map((ou) => ({ Id: ou.data.id, Arn: ou.arn })), NextToken: next };
  });
  // Account tags (ResourceId: the account id), paged.
  handle(stub, account, 'organizations', ListTagsForResourceCommand, (input) => {
    const id = required(input, 'ResourceId');
    const member = account.list(MEMBER).find((a) => a.data.id === id);
    if (!member)
      throw new FakeAwsError('TargetNotFoundException', `We can't find a resource with the ResourceId that you specified: ${id}`);
    const { page, next } = paginate(tagList(member.tags), input.NextToken, account.defaultPageSize);
    return { Tags: page, NextToken: next };
  });
  return stub;
}

/** Organizations whose Account Management trusted access is off: ListRegions for a member is refused. */
const withoutAccountManagementAccess = new WeakSet<FakeAccount>();

/** As if `aws organizations disable-aws-service-access --service-principal account.amazonaws.com` had run. */
export function disableAccountManagementAccess(management: FakeAccount): void {
  withoutAccountManagementAccess.add(management);
}

/**
 * The Account Management API's ListRegions, called from the management account: with `AccountId`,
 * a member's enabled regions (its FakeAccount's `enabledRegions`); the management account may not
 * name itself (https://docs.aws.amazon.com/accounts/latest/reference/API_ListRegions.html).
 */
export function installAccountManagement(account: FakeAccount) {
  const stub = fakeService(AccountClient, account);
  handle(stub, account, 'account', ListRegionsCommand, (input) => {
    const id = input.AccountId ?? account.accountId;
    if (input.AccountId === account.accountId) {
      throw new FakeAwsError('ValidationException', "The management account can't specify its own AccountId.");
    }
    if (input.AccountId !== undefined) {
      if (withoutAccountManagementAccess.has(account)) {
        throw new FakeAwsError(
          'AccessDeniedException',
          'The request failed because the organization does not have trusted access enabled for account.amazonaws.com.',
        );
      }
      if (!account.list(MEMBER).some((a) => a.data.id === id)) {
        throw new FakeAwsError('AccessDeniedException', `Account ${id} is not a member of your organization.`);
      }
    }
    const target = account.peers.find((a) => a.accountId === id);
    if (!target) throw new FakeAwsError('ResourceNotFoundException', `no fake account ${id}`);
    const wanted = input.RegionOptStatusContains;
    const regions = target.enabledRegions.map((name) => ({ RegionName: name, RegionOptStatus: 'ENABLED' as const }));
    const filtered = wanted ? regions.filter((r) => wanted.includes(r.RegionOptStatus)) : regions;
    const { page, next } = paginate(filtered, input.NextToken, Math.min(input.MaxResults ?? 20, account.defaultPageSize));
    return { Regions: page, NextToken: next };
  });
  return stub;
}
