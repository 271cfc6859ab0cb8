import type { Resource } from './model';

/**
 * What infrastructure-as-code says it manages, read each night: CloudFormation stacks' resources
 * and the configured Terraform and Pulumi states. A resource it names is never marked or deleted,
 * whatever its tags. Evidence that could not be read completely holds every mark and deletion in
 * the account that night (see `decide`), because a missing state would look like "unmanaged".
 */

/** A source that could not be read, or read less than it should have; named in the report. */
export interface EvidenceProblem {
  /** e.g. "CloudFormation (eu-west-1)" or "terraform s3://acme-tfstate/net.tfstate". */
  readonly source: string;
  readonly error: string;
}

/** One source as read: how many identities it gave, and for state files which objects (never their contents). */
export interface EvidenceSourceRead {
  readonly source: string;
  readonly identities: number;
  /** State objects: key, version and the state's own serial/lineage or version. */
  readonly objects?: readonly {
    readonly key: string;
    readonly versionId?: string;
    readonly meta: Readonly<Record<string, string | number>>;
  }[];
}

export interface IacEvidence {
  /** Who manages the resource, matched by its ARN, id or IaC aliases; undefined when no source names it. */
  managerOf(resource: Pick<Resource, 'arn' | 'id' | 'iacAliases'>): string | undefined;
  /** For the `aws:cloudformation:stack-id` tag: live, deleted, or undefined when stacks were not read. */
  stackIsLive(stackId: string): boolean | undefined;
  readonly problems: readonly EvidenceProblem[];
  /** Identities known, for the report and the shrink check. */
  readonly size: number;
  /** What each source gave, for `janitor plan` and the audit record. */
  readonly sources: readonly EvidenceSourceRead[];
}

export interface EvidenceParts {
  /** Each identity (ARN, id, URL) with who manages it, e.g. "stack net (AWS::SQS::Queue Jobs)". */
  readonly identities: Iterable<{ readonly value: string; readonly by: string }>;
  /** Stack ids (ARNs) of the stacks that exist; absent when CloudFormation was not read. */
  readonly liveStackIds?: ReadonlySet<string>;
  /** Where the stacks were listed: a stack elsewhere (another region or account) is not known dead. */
  readonly stacksReadIn?: { readonly accountId: string; readonly region: string };
  readonly problems?: readonly EvidenceProblem[];
  readonly sources?: readonly EvidenceSourceRead[];
}

export function evidenceFrom(parts: EvidenceParts): IacEvidence {
  const managers = new Map<string, string>();
  for (const { value, by } of parts.identities) {
    const identity = value.trim();
    if (identity !== '' && !managers.has(identity)) managers.set(identity, by);
  }
  const { liveStackIds: live, stacksReadIn: scope } = parts;
  const listedThere = (stackId: string) => {
    const [, , , region, accountId] = stackId.split(':');
    return scope !== undefined && region === scope.region && accountId === scope.accountId;
  };
  return {
    managerOf: (resource) =>
      [resource.arn, resource.id, ...(resource.iacAliases ?? [])].map((identity) => managers.get(identity)).find((by) => by !== undefined),
    stackIsLive: (stackId) => (live && listedThere(stackId) ? live.has(stackId) : undefined),
    problems: parts.problems ?? [],
    size: managers.size,
    sources: parts.sources ?? [],
  };
}

/** No IaC source configured or read: tags alone decide, as before evidence existed. */
export const NO_EVIDENCE: IacEvidence = evidenceFrom({ identities: [] });

/** `arn:aws:cloudformation:eu-west-1:123456789012:stack/net/uuid` → `net`. */
export function stackNameOf(stackId: string): string {
  return /:stack\/([^/]+)\//.exec(stackId)?.[1] ?? stackId;
}

/** One line naming every problem, for reasons and the report. */
export function describeProblems(problems: readonly EvidenceProblem[]): string {
  return problems.map((p) => `${p.source}: ${p.error}`).join('; ');
}

/** The evidence's size on one night, kept to compare the next night's with. */
export interface EvidenceSize {
  readonly identities: number;
  /** ISO time of the run that read it. */
  readonly at: string;
}

/** Evidence that lost more than this share of its identities since the last night is not trusted that night. */
export const MAX_EVIDENCE_SHRINK = 0.2;

/** A problem when the evidence shrank by more than MAX_EVIDENCE_SHRINK since `previous` (a state lost, a prefix emptied). */
export function shrinkProblem(previous: EvidenceSize | undefined, identities: number): EvidenceProblem | undefined {
  if (!previous || identities >= previous.identities * (1 - MAX_EVIDENCE_SHRINK)) return undefined;
  return {
    source: 'IaC evidence',
    error:
      `shrank from ${previous.identities} identities (${previous.at}) to ${identities}, more than ${MAX_EVIDENCE_SHRINK * 100} %: ` +
      'held for this night; if the drop is intended (stacks or states removed), the next night proceeds',
  };
}

/** The same evidence with one more problem. */
export function withProblem(evidence: IacEvidence, problem: EvidenceProblem): IacEvidence {
  return { ...evidence, problems: [...evidence.problems, problem] };
}

/** The tag-drift list goes out once a week, with the Monday (UTC) run; the other nights count it. */
export function isTagDriftNight(now: Date): boolean {
  return now.getUTCDay() === 1;
}
