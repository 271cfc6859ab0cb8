/**
 * Which of a run's calls must follow one another, as the engine's code makes them (the bound's
 * "longest chain"). Read from the code, cited per entry; bench/bounds.ts turns a shape and the
 * calls actually made into the least time they can take.
 */

import { PER_RESOURCE_READ_CONCURRENCY } from '../lambda/resources/per-resource-reads';
import { LISTING_CONCURRENCY } from '../lambda/run/discover';

/**
 * Calls in a chain (`head`: each waits for the one before, as pages of one listing do), then the
 * rest `width` at a time. The least number of call latencies they take: the head's calls plus
 * ⌈rest / width⌉. A pure chain has an empty head and width 1.
 */
export interface Shape {
  /** Commands (`ListClusters`) or, for the engine, operations (`cloudformation:ListStacks`) of the chain before the fan-out. */
  readonly head: readonly string[];
  readonly width: number;
}

export const CHAIN: Shape = { head: [], width: 1 };

/** Types listed at once: discover() and decideInventory() both map over the types LISTING_CONCURRENCY at a time. */
export const TYPE_WORKERS = LISTING_CONCURRENCY;

/**
 * Each type's listing is one chain (paginators awaited in turn; lambda/resources/paged-list.ts and
 * each plug-in's `list`), except ECS services: the cluster pages, then each cluster's services
 * read PER_RESOURCE_READ_CONCURRENCY clusters at a time (lambda/resources/ecs-service.ts, readEach).
 */
const LISTING_SHAPES: Readonly<Record<string, Shape>> = {
  'ecs:service': { head: ['ListClusters'], width: PER_RESOURCE_READ_CONCURRENCY },
};

/**
 * The types with `complete` read one call per candidate, PER_RESOURCE_READ_CONCURRENCY at a time
 * (readEach in lambda/resources/dynamodb-table.ts, kms-key.ts, sqs-queue.ts).
 */
const COMPLETION_SHAPES: Readonly<Record<string, Shape>> = {
  'dynamodb:table': { head: [], width: PER_RESOURCE_READ_CONCURRENCY },
  'kms:key': { head: [], width: PER_RESOURCE_READ_CONCURRENCY },
  'sqs:queue': { head: [], width: PER_RESOURCE_READ_CONCURRENCY },
};

/** A type not listed here is taken to be one chain; the bench flags a type that beats its chain (bench/bounds.ts). */
export function typeShape(stage: 'listing' | 'completion', typeId: string): Shape {
  return (stage === 'listing' ? LISTING_SHAPES : COMPLETION_SHAPES)[typeId] ?? CHAIN;
}

/**
 * The engine's own calls in a phase (those no plug-in made): the IaC evidence read first lists the
 * stacks, then reads each stack's resources PER_RESOURCE_READ_CONCURRENCY at a time
 * (lambda/iac/cloudformation-evidence.ts); the tagging API sweep pages through GetResources in one
 * chain (sweepTags, lambda/aws/tagging.ts); marking writes its TagResources batches one after
 * another (writeInBatches, same file).
 */
export function engineShape(phase: string): Shape {
  return phase === 'setup' ? { head: ['cloudformation:ListStacks'], width: PER_RESOURCE_READ_CONCURRENCY } : CHAIN;
}

/** The least number of latencies `calls` (by command or operation) of this shape take. */
export function chainLength(shape: Shape, calls: Readonly<Record<string, number>>): number {
  let head = 0;
  let rest = 0;
  for (const [key, n] of Object.entries(calls)) {
    if (shape.width === 1 || shape.head.includes(key)) head += n;
    else rest += n;
  }
  return head + Math.ceil(rest / shape.width);
}
