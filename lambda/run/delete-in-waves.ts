import type { AwsClients } from '../aws/clients';
import { isDependencyError } from '../core/deletion-errors';
import type { DecidedResource } from '../core/model';
import { logger } from '../logger';
import { type DeletionOptions, type DeletionOutcome, type ResourceType, RetryLaterError } from '../resources/resource-type';
import { errorText } from '../util/errors';

export interface WaveSettings {
  readonly maxWaves: number;
  readonly pauseBetweenWavesMs: number;
  readonly optionsFor: (type: ResourceType) => DeletionOptions;
  /** Injected so tests do not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type WaveResult =
  | { readonly candidate: DecidedResource; readonly wave: number; readonly outcome: DeletionOutcome; readonly configuration: unknown }
  | { readonly candidate: DecidedResource; readonly wave: number; readonly error: string };

const DEFAULT_DELETION_ORDER = 50;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Deletes in waves: dependents first (by each type's `deletionOrder`), and what failed because
 * something else still depended on it is tried again in the next wave, after a pause that lets
 * the previous wave's deletions release their dependencies. What still fails after the last wave
 * is reported with its AWS error; it stays marked, so the next night tries again.
 */
export async function deleteInWaves(
  candidates: readonly DecidedResource[],
  typeOf: (candidate: DecidedResource) => ResourceType,
  clients: AwsClients,
  settings: WaveSettings,
): Promise<WaveResult[]> {
  const order = (c: DecidedResource) => typeOf(c).deletionOrder ?? DEFAULT_DELETION_ORDER;
  let pending = [...candidates].sort((a, b) => order(a) - order(b));
  const results: WaveResult[] = [];
  const sleep = settings.sleep ?? realSleep;

  for (let wave = 1; pending.length > 0; wave += 1) {
    const retry: DecidedResource[] = [];
    for (const candidate of pending) {
      const type = typeOf(candidate);
      const { arn } = candidate.resource;
      let configuration: unknown;
      try {
        configuration = type.describe ? await type.describe(clients, candidate.resource) : candidate.resource;
      } catch (error) {
        // Without a record of what it was, a wrong deletion could not be undone: do not delete.
        results.push({ candidate, wave, error: `could not read its configuration before deletion: ${errorText(error)}` });
        continue;
      }
      try {
        const outcome = await type.delete(clients, candidate.resource, settings.optionsFor(type));
        results.push({ candidate, wave, outcome, configuration });
        logger.info(`deletion ${outcome.status}`, { arn, type: type.id, wave, ...outcome });
      } catch (error) {
        if (isDependencyError(error) && wave < settings.maxWaves) {
          retry.push(candidate);
          logger.info('deletion blocked by a dependency; retrying in the next wave', { arn, wave, error: errorText(error) });
        } else if (error instanceof RetryLaterError) {
          // Not an AWS error: the type started a step (e.g. stopping a notebook) that outlasts the run.
          const outcome: DeletionOutcome = { status: 'skipped', reason: `${error.message}; the next run continues` };
          results.push({ candidate, wave, outcome, configuration });
          logger.info('deletion continues next run', { arn, type: type.id, wave, reason: error.message });
        } else {
          results.push({ candidate, wave, error: errorText(error) });
          logger.error('deletion failed', { arn, type: type.id, wave, error: errorText(error) });
        }
      }
    }
    if (retry.length > 0 && settings.pauseBetweenWavesMs > 0) await sleep(settings.pauseBetweenWavesMs);
    pending = retry;
  }
  return results;
}
