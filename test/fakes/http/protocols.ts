import type { FakeService } from '../fake-account';
import type { ErrorRegistry } from './error-codes';
import { legacyClientOf } from './legacy-clients';

/** The wire protocols the endpoint serves, as Smithy names them. */
export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'restXml' | 'awsQuery' | 'ec2Query' | 'unsupported';

/** `@aws-sdk/core`'s protocol classes; a client may use a subclass (S3's `S3RestXmlProtocol`). */
const PROTOCOL_CLASSES: Readonly<Record<string, Protocol>> = {
  AwsJson1_0Protocol: 'awsJson1_0',
  AwsJson1_1Protocol: 'awsJson1_1',
  AwsRestJsonProtocol: 'restJson1',
  AwsRestXmlProtocol: 'restXml',
  AwsQueryProtocol: 'awsQuery',
  AwsEc2QueryProtocol: 'ec2Query',
};

export interface ClientProtocol {
  readonly protocol: Protocol;
  /** awsJson: the `X-Amz-Target` prefix, e.g. `DynamoDB_20120810`. */
  readonly target?: string;
  /** The XML protocols: the service's namespace, e.g. `http://sns.amazonaws.com/doc/2010-03-31/`. */
  readonly xmlns?: string;
  /** The query protocols: the API version every request names, e.g. `2010-03-31`. */
  readonly version?: string;
  /** The client's error schemas (see `error-codes.ts`). */
  readonly errorRegistries: readonly ErrorRegistry[];
}

/** The nearest of `@aws-sdk/core`'s protocol classes up the instance's prototype chain. */
function protocolClass(instance: object | undefined): Protocol {
  for (let p = instance && Object.getPrototypeOf(instance); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const known = PROTOCOL_CLASSES[(p as { constructor?: { name?: string } }).constructor?.name ?? ''];
    if (known) return known;
  }
  return 'unsupported';
}

/**
 * The wire protocol of a faked client, read from an SDK client instance's configuration; for a
 * client older than the schema-based serde (no `config.protocol`), from `legacy-clients.ts`.
 */
export function protocolOf(fake: FakeService): ClientProtocol {
  const client = new fake.client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
  try {
    const instance = client.config.protocol;
    const legacy = instance === undefined ? legacyClientOf(fake.client) : undefined;
    if (legacy) return { protocol: legacy.protocol, target: legacy.target, errorRegistries: [] };
    const options = instance?.options ?? {};
    const protocol = protocolClass(instance);
    const json = protocol === 'awsJson1_0' || protocol === 'awsJson1_1';
    return {
      protocol,
      target: json ? (instance?.serviceTarget ?? options.serviceTarget) : undefined,
      xmlns: options.xmlNamespace,
      version: options.version,
      errorRegistries: options.errorTypeRegistries ?? [],
    };
  } finally {
    client.destroy?.();
  }
}
