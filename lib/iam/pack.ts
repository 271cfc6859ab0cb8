import { policySize } from './policy-size';
import type { Grant } from './statement';

export interface PackLimits {
  /** Characters per policy (IAM counts without whitespace). */
  readonly maxSize: number;
  /** Policies per role. */
  readonly maxPolicies: number;
}

const sizeOf = (grants: readonly Grant[]) => policySize(grants.map((g) => g.statement));

const chars = (values: readonly string[]) => values.join().length;

/**
 * Halves a statement too large for one policy (same effect either way), along its longer list: each
 * half repeats the other list, so halving the shorter one would nearly double the total.
 */
function split(grant: Grant, maxSize: number): Grant[] {
  if (sizeOf([grant]) <= maxSize) return [grant];
  const { statement } = grant;
  const splittable = (['actions', 'resources'] as const).filter((f) => statement[f].length > 1);
  const field = splittable.sort((a, b) => chars(statement[b]) - chars(statement[a]))[0];
  if (!field) throw new Error(`one statement (${statement.actions[0]}) is larger than an IAM policy may be (${maxSize} characters)`);
  const half = Math.ceil(statement[field].length / 2);
  const halves = [statement[field].slice(0, half), statement[field].slice(half)];
  return halves.flatMap((part) => split({ ...grant, statement: { ...statement, [field]: part } }, maxSize));
}

/**
 * Grants packed into as few policies as fit IAM's per-policy size (largest first, first fit), each
 * policy keeping its statements in their original order. Throws when they need more policies than a
 * role may carry: the synth fails, not the deployment.
 */
export function packGrants(grants: readonly Grant[], limits: PackLimits): Grant[][] {
  const pieces = grants.flatMap((g) => split(g, limits.maxSize)).map((grant, index) => ({ grant, index, size: sizeOf([grant]) }));
  const bins: (typeof pieces)[] = [];
  for (const piece of [...pieces].sort((a, b) => b.size - a.size || a.index - b.index)) {
    const bin = bins.find((b) => sizeOf([...b, piece].map((p) => p.grant)) <= limits.maxSize);
    if (bin) bin.push(piece);
    else bins.push([piece]);
  }
  if (bins.length > limits.maxPolicies) {
    throw new Error(
      `the grants need ${bins.length} policies of at most ${limits.maxSize} characters; a role may carry ${limits.maxPolicies}`,
    );
  }
  return bins.map((bin) => bin.sort((a, b) => a.index - b.index).map((p) => p.grant));
}
