import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeAccount, handle } from '../fake-account';

/** STS: who the credentials belong to. */
export function installSts(account: FakeAccount) {
  const stub = mockClient(STSClient);
  handle(stub, account, 'sts', GetCallerIdentityCommand, () => ({
    Account: account.accountId,
    Arn: `arn:aws:iam::${account.accountId}:user/platform-engineer`,
    UserId: 'AIDAEXAMPLE',
  }));
  return stub;
}
