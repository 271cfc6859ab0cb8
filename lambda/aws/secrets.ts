import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { regionOfArn } from './arn';

/**
 * Secret values, cached for the life of the Lambda execution environment: warm starts re-use them
 * instead of paying a Secrets Manager call (and its cost) on every run. The TTL bounds how long a
 * rotated secret can be served stale.
 */
export const SECRET_CACHE_TTL_MS = 15 * 60 * 1000;

interface CachedSecret {
  /** The promise, not the value, so concurrent callers share one request. */
  readonly value: Promise<string>;
  readonly expiresAt: number;
}

const cache = new Map<string, CachedSecret>();
/** One client per region; '' is the Lambda's own region (AWS_REGION). */
const clients = new Map<string, SecretsManagerClient>();

/** Forgets every cached value; tests call it between cases, as a cold start would. */
export function clearSecretCache(): void {
  cache.clear();
}

/**
 * The secret's string value. `secretId` is a name or ARN. Rejects with an error naming the secret
 * (never its value) when it is missing, unreadable, binary or empty.
 */
export function getSecretString(secretId: string, client?: SecretsManagerClient): Promise<string> {
  const now = Date.now();
  const cached = cache.get(secretId);
  if (cached && cached.expiresAt > now) return cached.value;

  const value = readSecretString(secretId, client ?? sharedClient(secretId));
  cache.set(secretId, { value, expiresAt: now + SECRET_CACHE_TTL_MS });
  // A failure is not cached: the next call tries again.
  value.catch(() => {
    if (cache.get(secretId)?.value === value) cache.delete(secretId);
  });
  return value;
}

/** A secret given by ARN is read in the ARN's region; a name in the Lambda's own region. */
function sharedClient(secretId: string): SecretsManagerClient {
  const region = secretId.startsWith('arn:') ? regionOfArn(secretId) : '';
  let client = clients.get(region);
  if (!client) {
    client = new SecretsManagerClient(region ? { region } : {});
    clients.set(region, client);
  }
  return client;
}

async function readSecretString(secretId: string, client: SecretsManagerClient): Promise<string> {
  let secretString: string | undefined;
  try {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    secretString = output.SecretString;
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const hint =
      name === 'ResourceNotFoundException'
        ? 'it does not exist in this account and region'
        : name === 'AccessDeniedException'
          ? 'the janitor role may not call secretsmanager:GetSecretValue on it (or kms:Decrypt on its key)'
          : /region is missing/i.test(message)
            ? 'no AWS region is configured (AWS_REGION is unset)'
            : 'Secrets Manager refused the request';
    throw new Error(`Cannot read secret "${secretId}": ${hint} (${name}: ${message})`, { cause: error });
  }
  if (secretString === undefined || secretString.trim() === '') {
    throw new Error(`Secret "${secretId}" has no string value: store the value as a SecretString, not binary or empty`);
  }
  return secretString;
}
