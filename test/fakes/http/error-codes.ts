import { NormalizedSchema } from '@smithy/core/schema';

/**
 * What a fake's AWS error looks like on the wire, from the SDK's own error schemas (the client's
 * `errorTypeRegistries`): the code the service sends (the `awsQueryError` code on the query
 * protocols, e.g. RDS's `DBInstanceNotFound` for `DBInstanceNotFoundFault`) and the HTTP status
 * the model gives it (`httpError`, or the `awsQueryError` status). A fake may name the error by
 * its exception name or by its wire code; the SDK turns either back into the same exception.
 */

/** One of the SDK's type registries, as a protocol's `options.errorTypeRegistries` holds them. */
export interface ErrorRegistry {
  readonly schemas: ReadonlyMap<string, unknown>;
}

export interface ModeledError {
  /** The exception's shape name, e.g. `DBInstanceNotFoundFault`. */
  readonly name: string;
  readonly queryCode?: string;
  readonly queryStatus?: number;
  readonly httpStatus?: number;
}

function modeled(id: string, schema: unknown): ModeledError | undefined {
  const traits = NormalizedSchema.of(schema as never).getMergedTraits();
  if (!traits.error) return undefined;
  const query = traits.awsQueryError as [string, number] | undefined;
  return {
    name: id.slice(id.indexOf('#') + 1),
    queryCode: query?.[0],
    queryStatus: query?.[1],
    httpStatus: traits.httpError as number | undefined,
  };
}

/** Every modeled error of the registries, by exception name and by query code. */
export function modeledErrors(registries: readonly ErrorRegistry[]): Map<string, ModeledError> {
  const byName = new Map<string, ModeledError>();
  for (const registry of registries) {
    for (const [id, schema] of registry.schemas) {
      const error = modeled(id, schema);
      if (!error) continue;
      if (!byName.has(error.name)) byName.set(error.name, error);
      if (error.queryCode && !byName.has(error.queryCode)) byName.set(error.queryCode, error);
    }
  }
  return byName;
}

export interface WireError {
  readonly code: string;
  readonly status: number;
}

/** The status FakeAwsError always carries: a fake that sets another one means it. */
const DEFAULT_FAKE_STATUS = 400;

/**
 * The wire code and status of a fake's error: the fake's own `Code` and non-default status win;
 * else the model's; else the error's name and 400.
 */
export function wireErrorOf(
  error: { name: string; Code?: string; $metadata?: { httpStatusCode?: number } },
  errors: ReadonlyMap<string, ModeledError>,
  queryProtocol: boolean,
): WireError {
  const model = errors.get(error.name);
  const fakeStatus = error.$metadata?.httpStatusCode;
  const modelStatus = queryProtocol ? (model?.queryStatus ?? model?.httpStatus) : model?.httpStatus;
  const status = fakeStatus !== undefined && fakeStatus !== DEFAULT_FAKE_STATUS ? fakeStatus : (modelStatus ?? fakeStatus ?? 400);
  const code = error.Code ?? (queryProtocol ? (model?.queryCode ?? error.name) : error.name);
  return { code, status };
}
