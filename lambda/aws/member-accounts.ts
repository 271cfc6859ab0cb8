import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { partitionOf } from './arn';
import type { AwsTarget } from './clients';

/** How the janitor reaches member accounts (from `targets` in the configuration). */
export interface MemberAccess {
  /** The janitor's own account and region: its own account needs no role. */
  readonly home: { readonly accountId: string; readonly region: string };
  readonly roleName: string;
  readonly externalId?: string;
  /** Shows in the member's CloudTrail as the assumed-role session, e.g. `janitor-<run id>`. */
  readonly sessionName: string;
}

/** Refresh this long before expiry, so no call is signed with credentials about to lapse. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export function memberRoleArn(accountId: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/** Session names allow 2-64 of `[\w+=,.@-]`. */
export function sessionNameFor(label: string): string {
  const name = `janitor-${label}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
  return name.length >= 2 ? name : 'janitor';
}

/**
 * Where to act for `accountId` in `region`: the janitor's own credentials in its own account, an
 * assumed member role elsewhere (refreshed when it nears expiry). An AssumeRole failure names the
 * role and the likely causes; it surfaces on the first call made in that account.
 */
export function targetIn(
  accountId: string,
  region: string,
  access: MemberAccess,
  sts = new STSClient({ region: access.home.region }),
): AwsTarget {
  if (accountId === access.home.accountId) return { accountId, region };
  return { accountId, region, credentials: assumedRoleCredentials(accountId, access, sts) };
}

function assumedRoleCredentials(accountId: string, access: MemberAccess, sts: STSClient): AwsCredentialIdentityProvider {
  const roleArn = memberRoleArn(accountId, access.roleName, access.home.region);
  let current: Promise<AwsCredentialIdentity> | undefined;
  const assume = async (): Promise<AwsCredentialIdentity> => {
    try {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: access.sessionName,
          ExternalId: access.externalId,
          DurationSeconds: 3600,
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error('STS returned no credentials');
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        expiration: Credentials.Expiration,
      };
    } catch (error) {
      const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(
        `cannot assume ${roleArn}: ${why}. Is the member stack deployed in ${accountId} from the same configuration (redeployed since Keep buttons were turned on), with the same external id? Each member role trusts one janitor role by its exact name.`,
        { cause: error },
      );
    }
  };
  return async () => {
    const credentials = current ? await current.catch(() => undefined) : undefined;
    if (!current || !credentials || (credentials.expiration && credentials.expiration.getTime() - Date.now() < EXPIRY_MARGIN_MS)) {
      current = assume();
    }
    return current;
  };
}
