/**
 * What the random histories actually produced: how often each kind of situation occurred and how
 * many deletions were checked in the run right after it. A generator that silently stops
 * producing a case would leave the invariants unexercised there; the minimums catch that.
 */

export interface Tally {
  occurred: number;
  /** Deletions checked by the first run after the situation arose. */
  deletionsCheckedAfter: number;
}

export interface Census {
  histories: number;
  readonly runs: { completed: number; failed: number; frozen: number };
  marksChecked: number;
  deletionsChecked: number;
  /** Situations the world produced (events, run kinds). */
  readonly situations: Record<string, Tally>;
  /** Decision paths the engine took, from completed runs' decisions. */
  readonly paths: Record<string, number>;
}

export function emptyCensus(): Census {
  return { histories: 0, runs: { completed: 0, failed: 0, frozen: 0 }, marksChecked: 0, deletionsChecked: 0, situations: {}, paths: {} };
}

export function countSituation(census: Census, situation: string, deletionsCheckedAfter: number): void {
  census.situations[situation] ??= { occurred: 0, deletionsCheckedAfter: 0 };
  const tally = census.situations[situation];
  tally.occurred += 1;
  tally.deletionsCheckedAfter += deletionsCheckedAfter;
}

export function countPath(census: Census, path: string): void {
  census.paths[path] = (census.paths[path] ?? 0) + 1;
}

/** The situations and decision paths every CI run must exercise (issue "A safety proof that scales"). */
export const REQUIRED_SITUATIONS = [
  'foreign mark past-due',
  'foreign mark future',
  'foreign mark far-future',
  'tags copied from another resource',
  'tags rewritten in another case or with spaces',
  'misspelt exemption',
  'controller tag',
  're-created under the same ARN',
  'pause longer than maxDaysPastDeadline',
  'slack down',
  'frozen run',
  'throttled run',
  'repeated run',
  'named by an IaC state',
  'dropped from an IaC state',
  'IaC evidence unreadable',
  "janitor's final snapshot, carrying its database's mark",
  'AWS Backup snapshot (by name)',
  'AWS Backup snapshot (by tag)',
  'snapshot shared with another account',
  'snapshot not yet available',
  'hand-made snapshot named like a protected one',
  'a rule or route starts using an endpoint or firewall',
  'the rules or routes using an endpoint or firewall are deleted',
  'an MWAA environment starts reading its DAGs from a bucket',
  "the MWAA environments reading a bucket's DAGs are deleted",
  'Resource Explorer pre-check on, trusted',
  'Resource Explorer pre-check on, young-index',
  'Resource Explorer pre-check on, filtered-view',
  'a resource missing from the Resource Explorer index',
  'the Resource Explorer index catches up on a resource',
  'a type skipped by the pre-check while a resource of it exists',
] as const;

export const REQUIRED_PATHS = [
  'due',
  'waiting',
  'new-violation',
  'unannounced-mark: never announced',
  'unannounced-mark: far-future',
  'unannounced-mark: re-created',
  'stale-mark',
  'managed',
  'misspelt-exemption',
  'protected: controller',
  'protected: snapshot',
  'compliant',
  'too-young',
] as const;

/** Kinds below `minimum`; empty when the census covers everything required. */
export function shortfalls(census: Census, minimum: number): string[] {
  const situations = REQUIRED_SITUATIONS.filter((s) => (census.situations[s]?.occurred ?? 0) < minimum).map(
    (s) => `situation "${s}" occurred ${census.situations[s]?.occurred ?? 0} times`,
  );
  const paths = REQUIRED_PATHS.filter((p) => (census.paths[p] ?? 0) < minimum).map(
    (p) => `decision "${p}" taken ${census.paths[p] ?? 0} times`,
  );
  return [...situations, ...paths];
}

export function formatCensus(census: Census, label: string): string {
  const width = Math.max(...Object.keys({ ...census.situations, ...census.paths }).map((k) => k.length), 10);
  const lines = [
    `${label}: ${census.histories} random histories (${census.runs.completed} runs completed, ${census.runs.failed} failed, ${census.runs.frozen} frozen mid-way; ` +
      `${census.marksChecked} marks and ${census.deletionsChecked} deletions verified)`,
    `${'  situation'.padEnd(width + 4)}occurred  deletions checked right after`,
    ...Object.entries(census.situations)
      .sort()
      .map(([k, t]) => `  ${k.padEnd(width + 2)}${String(t.occurred).padStart(8)}  ${String(t.deletionsCheckedAfter).padStart(8)}`),
    `${'  decision path'.padEnd(width + 4)}taken`,
    ...Object.entries(census.paths)
      .sort()
      .map(([k, n]) => `  ${k.padEnd(width + 2)}${String(n).padStart(8)}`),
  ];
  return lines.join('\n');
}
