/** Tag keys the janitor itself reads and writes. Fixed, because IAM conditions and users' habits rely on them. */
export const MARK_TAG = 'janitor:delete-after';
export const EXEMPT_TAG = 'janitor:exempt';
export const CLOUDFORMATION_STACK_ID_TAG = 'aws:cloudformation:stack-id';

export type Tags = Readonly<Record<string, string>>;

/** One resource as discovered: the same shape for every type, so the decision logic stays generic. */
export interface Resource {
  /** Registry id, also the Resource Groups Tagging API type filter, e.g. `ec2:instance`. */
  readonly type: string;
  readonly arn: string;
  /** The identifier the type's delete call takes (instance id, queue URL, bucket name, ...). */
  readonly id: string;
  /** Human-facing name when the resource has one (Name tag, bucket name, ...). */
  readonly name?: string;
  readonly region: string;
  readonly accountId: string;
  /** Undefined where the service does not say; the minimum-age rule cannot apply then. */
  readonly createdAt?: Date;
  /**
   * Where the service reports no creation time: an id it assigns once per creation (Network
   * Firewall's FirewallId), so a resource re-created under the same ARN is told from the one
   * announced. Set by the plug-in.
   */
  readonly identity?: string;
  readonly tags: Tags;
  /** Set by the type plug-in when the resource must never be touched (default security group, ...). */
  readonly protectedBecause?: string;
  /** Plug-in specific facts the type's delete needs (e.g. the VPC of a security group). */
  readonly details?: Readonly<Record<string, string | number | boolean | undefined>>;
  /**
   * Other values infrastructure-as-code names this resource by, where neither its ARN nor its id:
   * CloudFormation's physical id of an `AWS::EC2::EIP` is its public address. Set by the plug-in;
   * matched exactly against the IaC evidence.
   */
  readonly iacAliases?: readonly string[];
  /**
   * Set by a plug-in whose list call lacks facts the decision relies on (creation time, state,
   * protections): the type's `complete` must read them before the run acts on the resource.
   * `decide` never marks or deletes a resource that carries it.
   */
  readonly needsCompletion?: true;
}

/**
 * What the decision function concluded about one resource.
 * `status` says why, `action` what the run does about it.
 */
export type DecisionStatus =
  | 'compliant'
  /** Untagged, but a CloudFormation stack or an IaC state names it: kept, listed as tag drift. */
  | 'managed'
  | 'exempt'
  /** Exempt by a misspelt key (`Janitor:Exempt`): honoured, and shown so that someone fixes it. */
  | 'misspelt-exemption'
  | 'protected'
  | 'too-young'
  | 'malformed-exemption'
  | 'new-violation'
  | 'malformed-mark'
  /** A well-formed mark the janitor never announced (foreign, copied, far-future, re-created ARN). */
  | 'unannounced-mark'
  /** An announced mark whose deadline passed too long ago (the janitor was paused). */
  | 'stale-mark'
  | 'waiting'
  | 'due';

export type DecisionAction = 'none' | 'mark' | 'unmark' | 'delete';

export interface Decision {
  readonly status: DecisionStatus;
  readonly action: DecisionAction;
  readonly reason: string;
  /** For `mark`: the deadline to write. For `waiting`/`due`: the deadline read from the mark. */
  readonly deadline?: Date;
}

export interface DecidedResource {
  readonly resource: Resource;
  readonly decision: Decision;
}
