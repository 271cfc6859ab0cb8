import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeAccount, FakeAwsError, handle } from '../fake-account';

export function installSecretsManager(account: FakeAccount) {
  const stub = mockClient(SecretsManagerClient);
  handle(stub, account, 'secretsmanager', GetSecretValueCommand, (input: any) => {
    const value = account.secrets.get(input.SecretId);
    if (value === undefined) throw new FakeAwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret ${input.SecretId}`);
    return { SecretString: value, Name: input.SecretId };
  });
  return stub;
}
