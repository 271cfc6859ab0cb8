import type { Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';

/** ECS spells tags `{key, value}` in lower case, unlike most AWS APIs. */
export function ecsTags(list: readonly { key?: string; value?: string }[] | undefined): Tags {
  return tagsFromList(list?.map((t) => ({ Key: t.key, Value: t.value })));
}

/** `arn:aws:ecs:{region}:{account}:cluster/{name}` to `{name}`. */
export function clusterNameOf(clusterArn: string): string {
  return clusterArn.slice(clusterArn.indexOf(':cluster/') + ':cluster/'.length);
}
