import type { AwsClients } from '../aws/clients';
import { readRegionOutline } from '../aws/resource-explorer';
import type { JanitorConfig } from '../config/schema';
import { isTagDriftNight } from '../core/iac-evidence';
import { type ListingScopeNote, narrowToFound, outlineDistrust, type RegionOutline, WEEKLY_FULL_LISTING } from '../core/listing-scope';
import { logger } from '../logger';
import type { ResourceType } from '../resources/resource-type';
import { errorText } from '../util/errors';

/** What a night lists in its region, and what the report says of it. */
export interface ListingScope {
  readonly types: readonly ResourceType[];
  /** Present when the pre-check is on: how many types it skipped, or why it listed everything. */
  readonly note?: ListingScopeNote;
}

/**
 * The region's outline when the pre-check may trust it, or why not; throws when Resource Explorer
 * cannot be read. The one test, for the sweeps and for `janitor doctor`.
 */
export async function trustedOutline(clients: AwsClients, now: Date): Promise<{ outline: RegionOutline } | { distrust: string }> {
  const outline = await readRegionOutline(clients);
  const distrust = outlineDistrust(outline, now);
  return distrust ? { distrust } : { outline };
}

/**
 * With `targets.resourceExplorerPrecheck`, the types Resource Explorer indexes and shows no
 * resource of in the region are not listed tonight. Mondays (the tag-drift night) list every type
 * anyway, which bounds how long index lag can hide a resource to a week. Any doubt lists all.
 */
export async function listingScope(
  clients: AwsClients,
  types: readonly ResourceType[],
  config: JanitorConfig,
  now: Date,
): Promise<ListingScope> {
  if (!config.targets.resourceExplorerPrecheck) return { types };
  if (isTagDriftNight(now)) return { types, note: { fullListing: WEEKLY_FULL_LISTING } };
  try {
    const trusted = await trustedOutline(clients, now);
    if ('distrust' in trusted) {
      logger.warn('Resource Explorer pre-check not used; listing every type', { reason: trusted.distrust });
      return { types, note: { fullListing: trusted.distrust } };
    }
    const { list, skipped } = narrowToFound(types, trusted.outline);
    logger.info('Resource Explorer pre-check', { listed: list.map((t) => t.id), skipped: skipped.length });
    return { types: list, note: { skippedTypes: skipped, listedTypes: list.length } };
  } catch (error) {
    logger.warn('Resource Explorer pre-check failed; listing every type', { error: errorText(error) });
    return { types, note: { fullListing: `the Resource Explorer pre-check failed: ${errorText(error)}` } };
  }
}
