import type { Protocol } from './protocols';

/**
 * SDK clients from before the schema-based serde (the registry's newest `@aws-sdk/client-mwaa` is
 * 3.523.0, `@aws-sdk/client-route53resolver` 3.654.0) have no `config.protocol` and no operation
 * schemas: their commands serialize with generated code. For those the endpoint reads the protocol
 * from this table, keyed by client class name, and carries bodies as plain JSON (timestamps as epoch
 * seconds, which is what those generated parsers read). restJson1 clients list the routes of the
 * operations their fakes serve, copied from the client's `se_*Command` serializers (`dist-cjs`).
 * A client upgraded to a schema-based version is served from its schemas instead: this table is
 * only consulted when `config.protocol` is absent.
 */

/** One restJson1 route: method, path template (labels are member names), query keys, success status. */
export interface LegacyRoute {
  readonly method: string;
  readonly path: string;
  /** Wire query key to [member, kind]. */
  readonly query?: Readonly<Record<string, readonly [string, 'string' | 'number' | 'list']>>;
  readonly status?: number;
}

export interface LegacyClient {
  readonly protocol: Protocol;
  /** awsJson: the `X-Amz-Target` prefix. */
  readonly target?: string;
  /** restJson1: by operation. */
  readonly routes?: Readonly<Record<string, LegacyRoute>>;
}

const PAGED = { MaxResults: ['MaxResults', 'number'], NextToken: ['NextToken', 'string'] } as const;

export const LEGACY_CLIENTS: Readonly<Record<string, LegacyClient>> = {
  // https://docs.aws.amazon.com/mwaa/latest/API/API_Operations.html
  MWAAClient: {
    protocol: 'restJson1',
    routes: {
      ListEnvironments: { method: 'GET', path: '/environments', query: PAGED },
      GetEnvironment: { method: 'GET', path: '/environments/{Name}' },
      DeleteEnvironment: { method: 'DELETE', path: '/environments/{Name}' },
      ListTagsForResource: { method: 'GET', path: '/tags/{ResourceArn}' },
      TagResource: { method: 'POST', path: '/tags/{ResourceArn}' },
      UntagResource: { method: 'DELETE', path: '/tags/{ResourceArn}', query: { tagKeys: ['tagKeys', 'list'] } },
    },
  },
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_Operations_Amazon_Route_53_Resolver.html
  Route53ResolverClient: { protocol: 'awsJson1_1', target: 'Route53Resolver' },
};

/** A legacy client's entry, by the class name up its prototype chain. */
export function legacyClientOf(clientClass: { readonly name: string }): LegacyClient | undefined {
  for (let c: unknown = clientClass; typeof c === 'function' && c.name; c = Object.getPrototypeOf(c)) {
    const known = LEGACY_CLIENTS[(c as { name: string }).name];
    if (known) return known;
  }
  return undefined;
}

/** A legacy restJson1 request's input: path labels and query values, then the JSON body as sent. */
export function legacyRestInput(
  route: LegacyRoute,
  url: URL,
  labels: Readonly<Record<string, string>>,
  body: Buffer,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const text = body.toString('utf8').trim();
  if (text) Object.assign(input, JSON.parse(text));
  Object.assign(input, labels);
  for (const [key, [member, kind]] of Object.entries(route.query ?? {})) {
    const values = url.searchParams.getAll(key);
    if (values.length === 0) continue;
    input[member] = kind === 'list' ? values : kind === 'number' ? Number(values[0]) : values[0];
  }
  return input;
}
