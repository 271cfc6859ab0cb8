import { afterEach } from 'vitest';
import { AwsClients } from '../../../lambda/aws/clients';
import type { FakeAccount } from '../fake-account';
import { fakeServicesOf } from '../install';
import { type AwsHttpEndpoint, type AwsHttpEndpointOptions, FAKE_CREDENTIALS, startAwsHttpEndpoint } from './aws-http-endpoint';

/**
 * For a spec file: `http.serve(account)` starts the loopback endpoint for that account's fakes (throttling
 * off unless asked) and returns real SDK clients pointed at it; each test's endpoint is closed after it.
 */
export function useServeOverHttp(region = 'eu-west-1') {
  let current: AwsHttpEndpoint | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async serve(account: FakeAccount, options: Partial<AwsHttpEndpointOptions> = {}): Promise<AwsClients> {
      current = await startAwsHttpEndpoint({ services: fakeServicesOf(account), throttling: false, ...options });
      return new AwsClients({ accountId: account.accountId, region, endpoint: current.url, credentials: async () => FAKE_CREDENTIALS });
    },
    /** The running endpoint (its call counts); only after `serve`. */
    get endpoint(): AwsHttpEndpoint {
      if (!current) throw new Error('no endpoint: call serve(account) first');
      return current;
    },
  };
}
