import type { AwsClients } from '../aws/clients';
import type { Resource } from '../core/model';

/** How far a type's delete may go; from the `deletion` section of the configuration. */
export interface DeletionOptions {
  /** Snapshot or final backup before deleting, where the type has one (EBS, RDS, ...). */
  readonly backup: boolean;
  /** Switch termination/deletion protection off first, instead of skipping the resource. */
  readonly disableProtection: boolean;
  /** Delete what the resource holds (a bucket's objects) first, instead of keeping a non-empty one. */
  readonly emptyFirst: boolean;
}

/** The switches of the configuration's `deletion` section that belong to one type. */
export interface DeletionSettings {
  readonly deleteNonEmptyBuckets: boolean;
}

/**
 * What a type's delete did. AWS errors are thrown, not returned: the engine reports them, and
 * retries dependency errors (`DependencyViolation`, "in use", `RetryLaterError`) in a later wave.
 */
export type DeletionOutcome =
  /** Gone. `backup` names what was kept, e.g. "snapshot snap-0abc (tagged janitor:exempt=true)". */
  | { readonly status: 'deleted'; readonly note?: string; readonly backup?: string }
  /** A slow deletion (RDS, OpenSearch, NAT, KMS schedule) was started; a later run sees it gone. */
  | { readonly status: 'started'; readonly note: string; readonly backup?: string }
  /** Deliberately not deleted, e.g. a bucket that still holds objects, or deletion protection. */
  | { readonly status: 'skipped'; readonly reason: string };

/** Thrown by a type's delete when something else must go first; retried in the next wave. */
export class RetryLaterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

/**
 * A type's IAM needs. Deletion is split so that IAM itself refuses to delete an unmarked resource:
 * `delete` is granted only with the condition that the resource carries the mark tag
 * (`"Null": {"aws:ResourceTag/janitor:delete-after": "false"}`), `deleteUnconditioned` without it.
 */
export interface TypeIam {
  /** Reading inventory and tags. */
  readonly read: readonly string[];
  /** Writing and removing the janitor's tags (besides `tag:TagResources`/`tag:UntagResources`). */
  readonly tag: readonly string[];
  /**
   * Actions on the marked resource itself (reads included), granted ONLY while the resource carries
   * the mark. Every one must authorize against resource types that support `aws:ResourceTag`;
   * an action with no resource type (most Describe and List calls) would then always be denied.
   */
  readonly delete: readonly string[];
  /**
   * Actions deletion needs that cannot be conditioned on the mark: reads without resource-level
   * permissions, backups being created (a new snapshot has no tags yet), dependents that never carry
   * the mark, services that do not evaluate `aws:ResourceTag` at all. Say why in `deleteUnconditionedReason`.
   */
  readonly deleteUnconditioned?: readonly string[];
  /** Why `deleteUnconditioned` is needed; shown in the policy's cdk-nag acknowledgement. */
  readonly deleteUnconditionedReason?: string;
  /** Where the grants apply instead of `*`; see `IamResourceScopes`. */
  readonly resources?: IamResourceScopes;
  /**
   * Per action of `deleteUnconditioned`: conditions that narrow it instead of the mark, e.g. the tag
   * keys a backup may be created with, or "only when a service calls on the janitor's behalf".
   */
  readonly deleteUnconditionedConditions?: Readonly<Record<string, IamConditions>>;
}

/** An IAM `Condition` block: operator → condition key → value(s). */
export type IamConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/**
 * ARN patterns narrowing a type's grants from `*`. `${Partition}` stands for the stack's partition
 * (`aws`, `aws-cn`); IAM wildcards (`*`, `?`) are allowed. A purpose not listed applies to `*`.
 */
export interface IamResourceScopes {
  readonly read?: readonly string[];
  readonly tag?: readonly string[];
  readonly delete?: readonly string[];
  /**
   * Per action of `deleteUnconditioned`. An action that authorizes against both the marked resource
   * and a backup it creates is listed in `delete` (conditioned, for the marked resource) and in
   * `deleteUnconditioned` narrowed here to the backup's ARN, so the marked resource stays conditioned.
   */
  readonly deleteUnconditioned?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A resource type plug-in: one file per type, registered in `registry.ts`.
 * The engine knows nothing about any service; everything type-specific lives behind this.
 */
export interface ResourceType {
  /** Resource Groups Tagging API type, e.g. `ec2:instance`; also the id used in configuration. */
  readonly id: string;
  /**
   * The Resource Groups Tagging API type it is swept under, where `id` is not one: plug-ins that
   * split one tagging type (DocumentDB and Neptune clusters are `rds:cluster`). Default: `id`.
   */
  readonly taggingType?: string;
  /** Human label used in Slack, e.g. "EC2 instance". */
  readonly label: string;
  /**
   * True when `list` returns each resource's tags itself. False: the engine joins tags from one
   * GetResources sweep per region (resources it does not return have never been tagged).
   */
  readonly tagsFromList: boolean;
  /**
   * For a type with `tagsFromList` false that the tagging API is not known to return reliably:
   * `complete` re-reads each candidate's tags from the service itself, and the engine judges the
   * candidate (and, just before deletion, the due resource) on those tags, not the joined ones, so
   * a gap in GetResources never looks like "never tagged". The type must then list every resource
   * with `needsCompletion`.
   */
  readonly completeReadsTags?: true;
  /** IAM actions the janitor's role needs for this type; the CDK stack grants exactly these. */
  readonly iam: TypeIam;
  /**
   * Lower goes first within a deletion wave, so dependents go before what they depend on
   * (instances 10, load balancers 20, target groups 30, security groups 80). Default 50.
   */
  readonly deletionOrder?: number;
  /**
   * Every resource of this type in the target's region, never-tagged ones included. Resources
   * already being deleted are left out (or protected), so a started deletion is not repeated;
   * where only a per-resource read can tell, `complete` leaves them out instead.
   * Page fetches only: a fact that needs one call per resource (creation time, state) is left to
   * `complete`, and the resource is yielded with `needsCompletion`.
   */
  list(clients: AwsClients): AsyncIterable<Resource>;
  /**
   * Fills in what the list call lacks (creation time, state, protections) for the resources the
   * engine is about to act on: those `list` yielded with `needsCompletion` whose first decision
   * would mark or delete them. So the per-resource reads are made for the night's candidates only,
   * not for the whole inventory. Required for a type whose `list` sets `needsCompletion`.
   *
   * Returns the resources completed, `needsCompletion` removed, in any order. One it no longer
   * finds (deleted meanwhile) or that is already being deleted is left out. It reads no tags (the
   * engine keeps the tags it joined), unless the type sets `completeReadsTags`. Throwing fails the whole batch: the engine reports it like a
   * listing error and leaves those resources out of the night, never guessing at them.
   */
  complete?(clients: AwsClients, resources: readonly Resource[]): Promise<Resource[]>;
  /**
   * Whether `delete` may empty a non-empty resource first, from the type's own setting in the
   * `deletion` section (S3: `deleteNonEmptyBuckets`). Absent: never (the option is false).
   */
  emptyFirst?(settings: DeletionSettings): boolean;
  delete(clients: AwsClients, resource: Resource, options: DeletionOptions): Promise<DeletionOutcome>;
  consoleUrl(resource: Resource): string;
  /**
   * The configuration a user would need to recreate the resource, read just before deletion and
   * kept in the audit record. Only for types whose listing is not enough (instances, volumes,
   * databases and clusters, buckets, queues, functions, tables); without it the listed resource
   * (tags, details) is recorded. Reads only, each in `iam.read`. Never throws: a failed read is
   * recorded as `{ error }` (see `configuration.ts`), since a throw makes the engine skip the deletion.
   */
  describe?(clients: AwsClients, resource: Resource): Promise<unknown>;
  /** What leaving it running costs, where easy to state, e.g. "~$33/month + data processed". */
  costHint?(resource: Resource): string | undefined;
}

/** For `complete`: the listed resource with the facts read, no longer awaiting completion. Tags stay as listed. */
export function completedResource(
  listed: Resource,
  facts: Pick<Partial<Resource>, 'createdAt' | 'protectedBecause' | 'details'>,
): Resource {
  const { needsCompletion: _awaited, ...rest } = listed;
  return { ...rest, ...facts };
}
