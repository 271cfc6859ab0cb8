import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
  tagList,
} from '../fake-account';

/**
 * Secrets Manager: the janitor's own secret values (`account.secrets`, read by GetSecretValue) and
 * secrets as inventory (`seedSecret`, listed and deleted like any other resource type).
 */

const TYPE = 'secretsmanager:secret';

export interface SeedSecretOptions extends SeedOptions {
  /** Set for secrets another service manages, e.g. `rds` for RDS-managed master passwords. */
  owningService?: string;
  /** Set for a secret already scheduled for deletion. */
  deletedDate?: Date;
  /** Set for a replica: the region of its primary. */
  primaryRegion?: string;
}

export function seedSecret(account: FakeAccount, options: SeedSecretOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'secret-' }, options, ({ name, region, createdAt }) => ({
    // Secrets Manager appends "-" and six random characters to the name in the ARN.
    arn: buildArn('secretsmanager', region, account.accountId, `secret:${name}-${account.nextId('').slice(-6)}`),
    data: {
      name,
      createdAt,
      owningService: options.owningService,
      deletedDate: options.deletedDate,
      primaryRegion: options.primaryRegion,
    },
  }));
}

function secretNotFound(): FakeAwsError {
  return new FakeAwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
}

/** By full ARN or by name, in the client's region only. */
function secretIn(account: FakeAccount, secretId: string, region: string): FakeResource {
  const found = account.list(TYPE, region).find((s) => s.arn === secretId || s.data.name === secretId);
  if (!found) throw secretNotFound();
  return found;
}

function listEntry(s: FakeResource) {
  return {
    ARN: s.arn,
    Name: s.data.name,
    CreatedDate: s.data.createdAt,
    // Secrets Manager omits Tags for an untagged secret.
    Tags: Object.keys(s.tags).length > 0 ? tagList(s.tags) : undefined,
    OwningService: s.data.owningService,
    DeletedDate: s.data.deletedDate,
    PrimaryRegion: s.data.primaryRegion,
  };
}

export function installSecretsManager(account: FakeAccount) {
  const stub = fakeService(SecretsManagerClient, account);

  handle(stub, account, 'secretsmanager', GetSecretValueCommand, (input) => {
    const value = account.secrets.get(required(input, 'SecretId'));
    if (value === undefined)
      throw new FakeAwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret ${input.SecretId}`);
    return { SecretString: value, Name: input.SecretId };
  });

  handle(stub, account, 'secretsmanager', ListSecretsCommand, (input, region) => {
    const { MaxResults } = input;
    if (MaxResults !== undefined && (MaxResults < 1 || MaxResults > 100)) {
      throw new FakeAwsError('InvalidParameterException', 'MaxResults must be between 1 and 100.');
    }
    // Like the real API: secrets scheduled for deletion only when asked for.
    const secrets = account.list(TYPE, region).filter((s) => input.IncludePlannedDeletion || !s.data.deletedDate);
    const { page, next } = paginate(secrets, input.NextToken, Math.min(MaxResults ?? account.defaultPageSize, account.defaultPageSize));
    return { SecretList: page.map(listEntry), NextToken: next };
  });

  handle(stub, account, 'secretsmanager', DescribeSecretCommand, (input, region) => {
    return listEntry(secretIn(account, required(input, 'SecretId'), region));
  });

  handle(stub, account, 'secretsmanager', DeleteSecretCommand, (input, region) => {
    const { RecoveryWindowInDays, ForceDeleteWithoutRecovery } = input;
    if (RecoveryWindowInDays !== undefined && ForceDeleteWithoutRecovery) {
      throw new FakeAwsError(
        'InvalidParameterException',
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      );
    }
    if (RecoveryWindowInDays !== undefined && (RecoveryWindowInDays < 7 || RecoveryWindowInDays > 30)) {
      throw new FakeAwsError('InvalidParameterException', 'RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const s = secretIn(account, required(input, 'SecretId'), region);
    if (s.data.deletedDate) {
      throw new FakeAwsError(
        'InvalidRequestException',
        "You can't perform this operation on the secret because it was marked for deletion.",
      );
    }
    if (s.data.owningService) {
      throw new FakeAwsError('InvalidRequestException', `You can't delete secret managed by ${s.data.owningService}.`);
    }
    if (ForceDeleteWithoutRecovery) {
      account.remove(s.arn);
      return { ARN: s.arn, Name: s.data.name, DeletionDate: new Date() };
    }
    const windowDays = RecoveryWindowInDays ?? 30;
    s.data.deletedDate = new Date();
    s.data.deletionDate = new Date(Date.now() + windowDays * 24 * 3600 * 1000);
    return { ARN: s.arn, Name: s.data.name, DeletionDate: s.data.deletionDate };
  });

  return stub;
}
