import type { Resource } from '../core/model';
import { errorText } from '../util/errors';

/** What a read returned, or `{ error }` when it failed. Never throws. */
export async function readOrError<T>(read: () => Promise<T>): Promise<T | { readonly error: string }> {
  try {
    return await read();
  } catch (error) {
    return { error: errorText(error) };
  }
}

/**
 * For a type's `describe`: the configuration `read` returns or, should reading fail, the error with
 * the resource as listed (what the audit record keeps for a type without `describe`). Never throws:
 * the engine does not delete a resource whose `describe` throws, and a configuration that could not
 * be read must not keep a due resource alive; the record says why it is missing instead.
 */
export async function configurationOr(resource: Resource, read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    return { error: errorText(error), listed: resource };
  }
}

/** A read whose "no such" error means "none is set" (S3's NoSuchBucketPolicy, ...): undefined then. */
export async function noneIf<T>(errorNames: readonly string[], read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (errorNames.includes((error as { name?: string }).name ?? '')) return undefined;
    throw error;
  }
}

/** The one item a read by identifier returns; throws when it returns none (the read failed, in effect). */
export function theOne<T>(items: readonly T[] | undefined, what: string): T {
  const item = items?.[0];
  if (item === undefined) throw new Error(`${what} was not returned`);
  return item;
}

/** An SDK output without its `$metadata` (request id, attempts): not configuration. */
export function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}
