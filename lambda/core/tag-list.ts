import type { Tags } from './model';

/** `[{Key, Value}]` as most AWS list APIs return tags, to a plain record. */
export function tagsFromList(list: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const tags: Record<string, string> = {};
  for (const { Key, Value } of list ?? []) if (Key !== undefined) tags[Key] = Value ?? '';
  return tags;
}
