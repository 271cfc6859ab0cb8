import type { AwsClients } from '../aws/clients';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

/** What a listed item says about its resource; `type`, `region`, `accountId` (and empty `tags`) are filled in. */
export type ListedFacts = Omit<Resource, 'type' | 'region' | 'accountId' | 'tags'> & { readonly tags?: Resource['tags'] };

/** The common list shape: one paginated list call, each item of a page one resource (or none). */
export interface PagedListing<Page, Item> {
  /** The SDK paginator, page size and filters included. */
  pages(clients: AwsClients): AsyncIterable<Page>;
  /** The items of one page. */
  items(page: Page): readonly Item[] | undefined;
  /** The resource an item stands for; undefined leaves it out (incomplete, or on its way out). */
  resource(item: Item, target: { readonly region: string; readonly accountId: string }): ListedFacts | undefined;
}

/**
 * A plug-in whose `list` is the common shape: the type id written once (in `id`), the pagination
 * loop and the target facts (`type`, `region`, `accountId`, no tags) written here.
 */
export function pagedType<Page, Item>(
  definition: Omit<ResourceType, 'list'> & { readonly listing: PagedListing<Page, Item> },
): ResourceType {
  const { listing, ...type } = definition;
  return {
    ...type,
    async *list(clients) {
      const { region, accountId } = clients.target;
      for await (const page of listing.pages(clients)) {
        for (const item of listing.items(page) ?? []) {
          const facts = listing.resource(item, { region, accountId });
          if (facts) yield { ...facts, type: type.id, region, accountId, tags: facts.tags ?? {} };
        }
      }
    },
  };
}
