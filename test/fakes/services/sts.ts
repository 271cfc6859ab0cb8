import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type FakeAccount, FakeAwsError, fakeService, handle } from '../fake-account';

/** STS: who the credentials belong to, and role assumption into the other fake accounts. */
export function installSts(account: FakeAccount) {
  const stub = fakeService(STSClient, account);
  handle(stub, account, 'sts', GetCallerIdentityCommand, () => ({
    Account: account.accountId,
    Arn: `arn:aws:iam::${account.accountId}:user/platform-engineer`,
    UserId: 'AIDAEXAMPLE',
  }));

  // AccessDenied unless the role exists in a peer account and the external id matches its trust policy.
  handle(stub, account, 'sts', AssumeRoleCommand, (input) => {
    const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(input.RoleArn ?? '');
    const target = match ? account.peers.find((p) => p.accountId === match[1]) : undefined;
    const role = target?.assumableRoles.get(match![2]!);
    const denied = () =>
      new FakeAwsError(
        'AccessDenied',
        `User: arn:aws:sts::${account.accountId}:assumed-role/janitor is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
      );
    if (!target || !role) throw denied();
    if (role.externalId !== undefined && role.externalId !== input.ExternalId) throw denied();
    const accessKeyId = `ASIA${target.accountId}${target.nextId('')}`;
    target.accessKeys.add(accessKeyId);
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: 'fake-secret',
        SessionToken: 'fake-session',
        Expiration: new Date(Date.now() + 3600_000),
      },
      AssumedRoleUser: {
        Arn: `arn:aws:sts::${target.accountId}:assumed-role/${match![2]}/${input.RoleSessionName}`,
        AssumedRoleId: 'AROAFAKE:janitor',
      },
    };
  });
  return stub;
}
