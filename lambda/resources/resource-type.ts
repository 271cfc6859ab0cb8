import type { AwsClients } from '../aws/clients';
import type { Resource } from '../core/model';

/** What a type's delete did. Errors from AWS are thrown, not returned: the engine reports them. */
export type DeletionOutcome =
  | { readonly status: 'deleted'; readonly note?: string }
  /** Deliberately not deleted, e.g. a bucket that still holds objects. */
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * A resource type plug-in: one file per type, registered in `registry.ts`.
 * The engine knows nothing about any service; everything type-specific lives behind this.
 */
export interface ResourceType {
  /** Resource Groups Tagging API type, e.g. `ec2:instance`; also the id used in configuration. */
  readonly id: string;
  /** Human label used in Slack, e.g. "EC2 instance". */
  readonly label: string;
  /**
   * True when `list` returns each resource's tags itself. False: the engine joins tags from one
   * GetResources sweep per region (resources it does not return have never been tagged).
   */
  readonly tagsFromList: boolean;
  /** IAM actions the janitor's role needs for this type; the CDK stack grants exactly these. */
  readonly iam: {
    /** Reading inventory and tags. */
    readonly read: readonly string[];
    /** Writing and removing the janitor's tags (besides `tag:TagResources`/`tag:UntagResources`). */
    readonly tag: readonly string[];
    /** Deleting, including anything delete needs to read first. */
    readonly delete: readonly string[];
  };
  /** Every resource of this type in the target's region, never-tagged ones included. */
  list(clients: AwsClients): AsyncIterable<Resource>;
  delete(clients: AwsClients, resource: Resource): Promise<DeletionOutcome>;
  consoleUrl(resource: Resource): string;
}
