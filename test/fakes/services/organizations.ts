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
