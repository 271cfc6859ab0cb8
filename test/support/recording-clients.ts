import type { HttpRequest } from '@smithy/types';
import type { AwsTarget } from '../../lambda/aws/clients';
import type { GuardedAwsClients } from '../../lambda/cli/read-only-clients';

/** A target with fixed fake credentials: the clients are real, nothing reaches AWS. */
export const RECORDING_TARGET: AwsTarget = {
  accountId: '123456789012',
  region: 'eu-west-1',
  credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }),
};

/**
 * Real SDK clients of a guarded client set (no mocks): a request handler records what would go on
 * the wire and answers nothing, so a spec sees exactly which requests a guard let through.
 */
export function recordingClients(clients: GuardedAwsClients) {
  const sent: HttpRequest[] = [];
  const requestHandler = {
    handle: async (request: HttpRequest) => {
      sent.push(request);
      throw Object.assign(new Error('recorded, not sent'), { name: 'Recorded', $metadata: {} });
    },
  };
  const get = <T extends { config: { requestHandler: unknown } }>(cls: new (config: any) => T): T => {
    const client = clients.get(cls);
    client.config.requestHandler = requestHandler;
    return client;
  };
  return { sent, get };
}
