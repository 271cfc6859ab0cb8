import { MARK_TAG } from '../../lambda/core/model';
import type { IamConditions, ResourceType } from '../../lambda/resources/resource-type';
import { sortedUnique } from './statement';
import { TAGGING_API_WRITE_ACTIONS } from './tag-keys';

/** The Resource Groups Tagging API actions every sweep uses, whatever types are enabled. */
export const TAGGING_API_READ_ACTIONS = ['tag:GetResources'] as const;

/**
 * The weekly count of never-tagged resources of types not covered: one Resource Explorer search
 * through the region's default view (https://docs.aws.amazon.com/service-authorization/latest/reference/list_resource-explorer-2.html).
 */
export const RESOURCE_EXPLORER_READ_ACTIONS = ['resource-explorer-2:Search'] as const;

/** With `targets.resourceExplorerPrecheck`, its reads besides Search (same reference). */
export const RESOURCE_EXPLORER_PRECHECK_ACTIONS = [
  'resource-explorer-2:GetIndex',
  'resource-explorer-2:GetDefaultView',
  'resource-explorer-2:GetView',
  'resource-explorer-2:ListSupportedResourceTypes',
] as const;

/**
 * The condition on every `delete` grant: the resource carries the janitor's mark, whatever its value.
 * `Null: false` rather than a value check because the mark's value is a deadline that changes.
 */
export const MARK_CONDITION = { Null: { [`aws:ResourceTag/${MARK_TAG}`]: 'false' } } as const;

export type GrantPurpose = 'read' | 'tag' | 'delete' | 'deleteUnconditioned';

/** One policy statement's worth: actions on the same resources, under the same extra conditions. */
export interface JanitorGrant {
  readonly actions: string[];
  /** `*`, or ARN patterns with `${Partition}` for the partition. */
  readonly resources: string[];
  /** `deleteUnconditioned` only: what narrows the grant instead of the mark. */
  readonly conditions?: IamConditions;
}

/** An action one type gets only with the mark, but some enabled type also gets without it on `*`. */
export interface ConditionOverlap {
  readonly action: string;
  /** Types whose `delete` lists it (their resources lose IAM's mark check for this action). */
  readonly conditionedFor: string[];
  /** Who grants it without the mark, e.g. `rds:cluster (deleteUnconditioned)`, `dynamodb:table (read)`. */
  readonly unconditionedBy: string[];
}

export interface JanitorActions {
  /** Inventory and tag reads. */
  readonly read: string[];
  /** Writing and removing the janitor's own tags. */
  readonly tag: string[];
  /** Granted only on resources carrying the mark (moot ones, see `overlaps`, left out). */
  readonly delete: string[];
  /** Granted for deletion without the mark condition (on `*` or narrowed ARNs). */
  readonly deleteUnconditioned: string[];
  /** The statements, per purpose. */
  readonly grants: Readonly<Record<GrantPurpose, JanitorGrant[]>>;
  /** Conditioned actions an unconditioned `*` grant makes moot; dropped from the conditioned statements. */
  readonly overlaps: ConditionOverlap[];
}

const WILDCARD = ['*'];

interface Pair {
  readonly typeId: string;
  readonly action: string;
  readonly resources: readonly string[];
  readonly conditions?: IamConditions;
}

/** Every (action, resources) a purpose needs, per type; the tagging API's own actions under `tagging-api`. */
function pairsOf(types: readonly ResourceType[], purpose: GrantPurpose): Pair[] {
  const pairs: Pair[] = [];
  if (purpose === 'read') {
    pairs.push(...TAGGING_API_READ_ACTIONS.map((action) => ({ typeId: 'tagging-api', action, resources: WILDCARD })));
    pairs.push(...RESOURCE_EXPLORER_READ_ACTIONS.map((action) => ({ typeId: 'resource-explorer', action, resources: WILDCARD })));
  }
  if (purpose === 'tag') pairs.push(...TAGGING_API_WRITE_ACTIONS.map((action) => ({ typeId: 'tagging-api', action, resources: WILDCARD })));
  for (const type of types) {
    const { iam: needs } = type;
    const scopes = needs.resources;
    if (purpose === 'deleteUnconditioned') {
      for (const action of needs.deleteUnconditioned ?? []) {
        const conditions = needs.deleteUnconditionedConditions?.[action];
        pairs.push({
          typeId: type.id,
          action,
          resources: scopes?.deleteUnconditioned?.[action] ?? WILDCARD,
          ...(conditions ? { conditions } : {}),
        });
      }
    } else {
      for (const action of needs[purpose]) pairs.push({ typeId: type.id, action, resources: scopes?.[purpose] ?? WILDCARD });
    }
  }
  return pairs;
}

const onWildcard = (pair: Pair) => pair.resources.includes('*');

/** Groups pairs into statements by resource list and conditions. */
function grantsOf(pairs: readonly Pair[]): JanitorGrant[] {
  const byScope = new Map<string, { resources: string[]; conditions?: IamConditions; actions: Set<string> }>();
  for (const pair of pairs) {
    const resources = onWildcard(pair) ? WILDCARD : sortedUnique(pair.resources);
    const key = JSON.stringify([resources, pair.conditions ?? null]);
    const entry = byScope.get(key) ?? {
      resources,
      ...(pair.conditions ? { conditions: pair.conditions } : {}),
      actions: new Set<string>(),
    };
    entry.actions.add(pair.action);
    byScope.set(key, entry);
  }
  // `*` first, then by pattern: a stable template.
  const order = (g: { resources: string[]; conditions?: IamConditions }) =>
    `${g.resources[0] === '*' ? '0' : '1'}${g.resources.join()}${JSON.stringify(g.conditions ?? '')}`;
  return [...byScope.values()]
    .sort((a, b) => order(a).localeCompare(order(b)))
    .map(({ resources, conditions, actions }) => ({ actions: sortedUnique(actions), resources, ...(conditions ? { conditions } : {}) }));
}

/**
 * The IAM grants for exactly these types. A `delete` action that some grant also gives without the
 * mark on `*` is left out of the conditioned statements (the condition would be moot there) and
 * reported in `overlaps` instead, so the conditioned list never claims a protection it lacks.
 */
export function janitorActions(types: readonly ResourceType[]): JanitorActions {
  const read = pairsOf(types, 'read');
  const tag = pairsOf(types, 'tag');
  const unconditioned = pairsOf(types, 'deleteUnconditioned');
  const conditioned = pairsOf(types, 'delete');

  const withoutMark = new Map<string, Set<string>>();
  for (const [purpose, pairs] of [
    ['read', read],
    ['tag', tag],
    ['deleteUnconditioned', unconditioned],
  ] as const) {
    // Conditions other than the mark (tag keys, aws:ViaAWSService) still reach unmarked resources.
    for (const pair of pairs.filter(onWildcard)) {
      const by = withoutMark.get(pair.action) ?? new Set<string>();
      by.add(`${pair.typeId} (${purpose})`);
      withoutMark.set(pair.action, by);
    }
  }
  const overlaps = sortedUnique(conditioned.filter((p) => withoutMark.has(p.action)).map((p) => p.action)).map((action) => ({
    action,
    conditionedFor: sortedUnique(conditioned.filter((p) => p.action === action).map((p) => p.typeId)),
    unconditionedBy: sortedUnique(withoutMark.get(action) ?? []),
  }));
  const effective = conditioned.filter((p) => !withoutMark.has(p.action));

  const actionsOf = (pairs: readonly Pair[]) => sortedUnique(pairs.map((p) => p.action));
  return {
    read: actionsOf(read),
    tag: actionsOf(tag),
    delete: actionsOf(effective),
    deleteUnconditioned: actionsOf(unconditioned),
    grants: { read: grantsOf(read), tag: grantsOf(tag), delete: grantsOf(effective), deleteUnconditioned: grantsOf(unconditioned) },
    overlaps,
  };
}

/** One action the role may use on a resource that does not carry the mark, and why. */
export interface UnmarkedDeletionGrant {
  readonly type: string;
  readonly action: string;
  /** `*`, or the ARN patterns (`${Partition}` for the partition) the grant is narrowed to. */
  readonly resources: readonly string[];
  /** What narrows it instead of the mark, if anything. */
  readonly conditions?: IamConditions;
  readonly reason: string;
}

/** Describe/List/Get calls read, they cannot delete. */
const READ_ONLY_ACTION = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z0-9]*$/;

/**
 * For documentation: the non-read actions of the enabled types that IAM allows on resources without
 * the mark, i.e. where only the janitor's own code (not IAM) stands between a bug and the resource.
 */
export function actionsThatCanDeleteWithoutMark(types: readonly ResourceType[]): UnmarkedDeletionGrant[] {
  return types.flatMap((type) =>
    (type.iam.deleteUnconditioned ?? [])
      .filter((action) => !READ_ONLY_ACTION.test(action))
      .map((action) => ({
        type: type.id,
        action,
        resources: type.iam.resources?.deleteUnconditioned?.[action] ?? WILDCARD,
        ...(type.iam.deleteUnconditionedConditions?.[action] ? { conditions: type.iam.deleteUnconditionedConditions[action] } : {}),
        reason: type.iam.deleteUnconditionedReason ?? '',
      })),
  );
}
