/**
 * Which types a night lists in a region, when Resource Explorer may narrow it: the types it
 * indexes and shows no resource of are skipped. Skipping only delays what a listing would find (a
 * resource not listed is neither marked nor deleted), so every doubt about the index lists all.
 */

/** What a night's report says of the pre-check: how many types it skipped, or why it listed every type. */
export type ListingScopeNote =
  /** The ids of the types not listed tonight, for the audit record; how many were. */
  { readonly skippedTypes: readonly string[]; readonly listedTypes: number } | { readonly fullListing: string };

/** The reason Mondays give: not a problem with the region, so the digest does not count it. */
export const WEEKLY_FULL_LISTING = 'the weekly full listing (Mondays, UTC)';

/** A target's pre-check, as the Map result carries it to the digest: narrowed, or why every type was listed. */
export type PrecheckOutcome = 'narrowed' | 'weekly' | { readonly fullListing: string };

/** Reasons are clipped in Map results: 17,000 of them stay small. */
const MAX_REASON_CHARS = 200;

export function precheckOutcomeOf(note: ListingScopeNote): PrecheckOutcome {
  if ('skippedTypes' in note) return 'narrowed';
  return note.fullListing === WEEKLY_FULL_LISTING ? 'weekly' : { fullListing: note.fullListing.slice(0, MAX_REASON_CHARS) };
}

/** What Resource Explorer says of one region; read by `lambda/aws/resource-explorer.ts`. */
export interface RegionOutline {
  /** The region's index, or none. */
  readonly index: { readonly state: string; readonly createdAt?: Date } | 'none';
  /** The filter of the default view the search went through ('' for none), or no default view. */
  readonly viewFilter: string | 'no-default-view';
  /** Every resource type Resource Explorer indexes (`ListSupportedResourceTypes`). */
  readonly supportedTypes: readonly string[];
  /** The types of the target account's resources the search found in the region. */
  readonly foundTypes: readonly string[];
  /** False when the search stopped at Resource Explorer's 1,000 results. */
  readonly complete: boolean;
}

/**
 * A new index is still discovering what already exists
 * (https://docs.aws.amazon.com/resource-explorer/latest/apireference/API_CreateIndex.html); AWS
 * gives no bound, so an index younger than this is not trusted to show a region's resources.
 */
export const MIN_INDEX_AGE_MS = 48 * 3600_000;

const MAX_FILTER_CHARS = 100;

/** A view's filter that narrows what it shows: any but an empty (or blank) one. */
export const hasViewFilter = (filter: string) => filter.trim() !== '';

/** Why this region's outline cannot narrow the listing, or undefined when it can. */
export function outlineDistrust(outline: RegionOutline, now: Date): string | undefined {
  const { index, viewFilter } = outline;
  if (index === 'none') return 'Resource Explorer has no index in this region';
  if (index.state !== 'ACTIVE') return `the Resource Explorer index is ${index.state}, not ACTIVE`;
  if (!index.createdAt || now.getTime() - index.createdAt.getTime() < MIN_INDEX_AGE_MS) {
    return 'the Resource Explorer index is less than 48 hours old and may not show every resource yet';
  }
  if (viewFilter === 'no-default-view') return 'the region has no default Resource Explorer view';
  // The filter is anyone's text with access to the view: shown clipped, on one line.
  if (hasViewFilter(viewFilter)) {
    return `the default Resource Explorer view has a filter ("${viewFilter.replace(/[\s\p{Cc}]+/gu, ' ').slice(0, MAX_FILTER_CHARS)}") and may hide resources`;
  }
  if (!outline.complete) return 'Resource Explorer found more than 1,000 resources here (it counts no further)';
  return undefined;
}

/** A plug-in as far as the scope cares: the type its resources are indexed and tagged under. */
export interface ScopedType {
  readonly id: string;
  readonly taggingType?: string;
}

export interface NarrowedScope<T> {
  readonly list: T[];
  /** Ids of the types skipped: indexed, and none found. */
  readonly skipped: string[];
}

/** `ec2:instance` matches itself and subtypes such as `elasticloadbalancing:loadbalancer/app` of its base. */
function matchesType(found: string, type: string): boolean {
  return found === type || found.startsWith(`${type}/`);
}

/**
 * The types to list: every type Resource Explorer does not index under exactly its tagging type,
 * and every indexed type it found a resource of. Types compare case-insensitively.
 */
export function narrowToFound<T extends ScopedType>(types: readonly T[], outline: RegionOutline): NarrowedScope<T> {
  const supported = new Set(outline.supportedTypes.map((t) => t.toLowerCase()));
  const found = [...new Set(outline.foundTypes.map((t) => t.toLowerCase()))];
  const list: T[] = [];
  const skipped: string[] = [];
  for (const type of types) {
    const indexedAs = (type.taggingType ?? type.id).toLowerCase();
    if (!supported.has(indexedAs) || found.some((f) => matchesType(f, indexedAs))) list.push(type);
    else skipped.push(type.id);
  }
  return { list, skipped };
}
