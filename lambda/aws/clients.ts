import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** Where a sweep runs: one account, one region, and the credentials to act there. */
export interface AwsTarget {
  readonly accountId: string;
  readonly region: string;
  /** Omitted: the Lambda's own role. Set by multi-account sweeps to an assumed role's credentials. */
  readonly credentials?: AwsCredentialIdentityProvider;
  /** Every service at one URL: a local fake AWS endpoint (tests, benchmark, offline preview). */
  readonly endpoint?: string;
}

interface ClientConfig {
  region: string;
  credentials?: AwsCredentialIdentityProvider;
  endpoint?: string;
  maxAttempts: number;
  retryMode: string;
}

export type ClientClass<T> = new (config: ClientConfig) => T;

/**
 * One lazily created SDK client per service for a target. Plug-ins ask for the client class they
 * need, so adding a type never touches this file. Adaptive retries absorb throttling
 * (`ThrottledException`, `RequestLimitExceeded`) before an error reaches the run.
 */
export class AwsClients {
  private readonly cache = new Map<ClientClass<unknown>, unknown>();

  constructor(readonly target: AwsTarget) {}

  get<T>(clientClass: ClientClass<T>): T {
    let client = this.cache.get(clientClass) as T | undefined;
    if (!client) {
      client = new clientClass({
        region: this.target.region,
        credentials: this.target.credentials,
        ...(this.target.endpoint ? { endpoint: this.target.endpoint } : {}),
        maxAttempts: 8,
        retryMode: 'adaptive',
      });
      this.cache.set(clientClass, client);
    }
    return client;
  }
}
