import type { AwsClients } from '../aws/clients';
import { searchNeverTagged } from '../aws/resource-explorer';
import { isTagDriftNight } from '../core/iac-evidence';
import { countNotCovered, type NotCoveredCount } from '../core/not-covered';
import { logger } from '../logger';
import { RESOURCE_TYPES } from '../resources/registry';
import { errorText } from '../util/errors';
import { taggingTypeOf } from './discover';

/** How a failed search shows in the report's "could not list" group. */
export const NOT_COVERED_SOURCE = 'Resource Explorer (never-tagged resources of types not covered)';

/** Every type some plug-in covers, whether enabled or not: the note is about what the janitor cannot do. */
const COVERED = new Set(RESOURCE_TYPES.flatMap((t) => [t.id, taggingTypeOf(t)]));

export type NotCoveredResult =
  | { readonly notCovered?: NotCoveredCount }
  | { readonly error: { readonly type: string; readonly error: string } };

/**
 * Once a week, with the tag-drift list (Monday UTC): one Resource Explorer search for the region's
 * never-tagged resources, counted by the types no plug-in covers. Nothing when Resource Explorer is
 * not set up in the region; a failed search is reported, and the run goes on.
 */
export async function notCoveredThisWeek(clients: AwsClients, now: Date): Promise<NotCoveredResult> {
  if (!isTagDriftNight(now)) return {};
  try {
    const search = await searchNeverTagged(clients);
    if (search === 'not-set-up') return {};
    return {
      notCovered: countNotCovered(search.found, { accountId: clients.target.accountId, covered: COVERED, complete: search.complete }),
    };
  } catch (error) {
    logger.error('Resource Explorer search failed', { error: errorText(error) });
    return { error: { type: NOT_COVERED_SOURCE, error: errorText(error) } };
  }
}
