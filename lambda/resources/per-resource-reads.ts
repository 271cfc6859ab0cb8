import { mapBounded } from '../util/concurrency';

/**
 * Reads made one per resource (the night's candidates, an ECS cluster's services) run this many at
 * a time: far below each service's documented request rates, and the clients' adaptive retry mode
 * slows them further when a service answers with throttling.
 */
export const PER_RESOURCE_READ_CONCURRENCY = 5;

/** `read` for each item, a few at a time; the results in the items' order, absent ones left out. */
export async function readEach<T, R>(items: readonly T[], read: (item: T) => Promise<R | undefined>): Promise<R[]> {
  const results = await mapBounded(items, PER_RESOURCE_READ_CONCURRENCY, read);
  return results.filter((r): r is R => r !== undefined);
}
