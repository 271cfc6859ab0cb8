import type { IamConditions } from '../../lambda/resources/resource-type';

export type { IamConditions };

/** Stands for the stack's partition in ARN patterns; the constructs put the stack's partition there. */
export const PARTITION_PLACEHOLDER = '${Partition}';

/** One IAM policy statement, as plain data (ARNs with `${Partition}`). */
export interface IamStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: IamConditions;
}

/** A statement and why it needs its wildcards: the reason of its cdk-nag acknowledgement. */
export interface Grant {
  readonly statement: IamStatement;
  readonly why: string;
}

export const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

export function allow(actions: readonly string[], resources: readonly string[], why: string, conditions?: IamConditions): Grant {
  return {
    statement: {
      effect: 'Allow',
      actions: sortedUnique(actions),
      resources: sortedUnique(resources),
      ...(conditions ? { conditions } : {}),
    },
    why,
  };
}

export function deny(actions: readonly string[], resources: readonly string[], why: string, conditions?: IamConditions): Grant {
  return {
    statement: {
      effect: 'Deny',
      actions: sortedUnique(actions),
      resources: sortedUnique(resources),
      ...(conditions ? { conditions } : {}),
    },
    why,
  };
}

const oneOrMany = (values: readonly string[]) => (values.length === 1 ? values[0] : [...values]);

/** The statement as IAM policy JSON as CDK writes it: single actions and resources unwrapped, condition values as given. */
export function statementJson(statement: IamStatement): Record<string, unknown> {
  const conditions = statement.conditions
    ? Object.fromEntries(
        Object.entries(statement.conditions).map(([op, keys]) => [
          op,
          Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, typeof value === 'string' ? value : [...value]])),
        ]),
      )
    : undefined;
  return {
    Effect: statement.effect,
    Action: oneOrMany(statement.actions),
    Resource: oneOrMany(statement.resources),
    ...(conditions ? { Condition: conditions } : {}),
  };
}

/** Key order and value order do not matter to IAM: a canonical form to compare conditions by. */
function canonical(conditions: IamConditions | undefined): string {
  if (!conditions) return '';
  const sorted = Object.keys(conditions)
    .sort()
    .map((op) => {
      const byKey = conditions[op] ?? {};
      return [
        op,
        Object.keys(byKey)
          .sort()
          .map((key) => [key, [byKey[key] ?? []].flat().sort()]),
      ];
    });
  return JSON.stringify(sorted);
}

const groupKey = (s: IamStatement) => JSON.stringify([s.effect, s.resources, canonical(s.conditions)]);

/** Statements merged where effect, resources and conditions agree: one statement with the union of their actions. */
export function mergeGrants(grants: readonly Grant[]): Grant[] {
  const groups = new Map<string, { readonly statement: IamStatement; readonly members: Grant[] }>();
  for (const grant of grants) {
    const key = groupKey(grant.statement);
    const group = groups.get(key);
    if (group) group.members.push(grant);
    else groups.set(key, { statement: grant.statement, members: [grant] });
  }
  return [...groups.values()].map(({ statement, members }) => ({
    statement: { ...statement, actions: sortedUnique(members.flatMap((g) => g.statement.actions)) },
    why: sortedUnique(members.map((g) => g.why)).join(' '),
  }));
}
