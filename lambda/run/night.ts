import type { AnnouncementLedger } from '../audit/announcement-ledger';
import type { AuditAction } from '../audit/audit-record';
import type { AuditStore } from '../audit/audit-store';
import type { EvidenceSizes } from '../audit/evidence-sizes';
import type { AwsClients, AwsTarget } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import type { AnnouncementIndex } from '../core/announcements';
import type { DecisionPolicy } from '../core/decide';
import type { IacEvidence } from '../core/iac-evidence';
import type { DecidedResource } from '../core/model';
import type { FailedLine, Notifier, ResourceLine, RunReport } from '../core/report';
import { formatDeadline } from '../core/tag-values';
import type { StateEvidence } from '../iac/read-evidence';
import type { StackCache } from '../iac/stack-cache';
import { logger } from '../logger';
import type { OwnerResolver } from '../owners/resolve-owners';
import type { ResourceType } from '../resources/resource-type';
import { resourceLine } from './resource-line';

/**
 * What the phases of one night share (settings, clients, the announcements read at the start)
 * and what each of them hands back: its report lines and audit actions, in the order they happened.
 */

export interface NightlyRunOptions {
  readonly config: JanitorConfig;
  readonly target: AwsTarget;
  readonly notifier: Notifier;
  readonly now: Date;
  /** Resources of the janitor's own stack are protected by name. */
  readonly ownStackName?: string;
  /** Defaults to the types enabled in the configuration. */
  readonly resourceTypes?: readonly ResourceType[];
  /** How to wait between deletion waves; tests let simulated time pass instead. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where the run's audit record goes; none configured means no record. */
  readonly auditStore?: AuditStore;
  /** What earlier runs announced (the authority for deletion); this run's announcements are added to it. */
  readonly ledger: AnnouncementLedger;
  /** Hand the report to the notifier even on a quiet night (a multi-target run summarizes every target). */
  readonly alwaysReport?: boolean;
  /** The run's Terraform/Pulumi evidence, read once for every target; absent: read with the target's credentials. */
  readonly states?: StateEvidence;
  /** Earlier nights' evidence sizes, for the shrink check; absent: no check. */
  readonly evidenceSizes?: EvidenceSizes;
  /** Last night's stack listings, so unchanged stacks are not listed again. */
  readonly stackCache?: StackCache;
  /** What IaC manages, when already read; default: read from the configured sources this night. */
  readonly evidence?: IacEvidence;
  /** The time the run finished, for the audit record; defaults to the wall clock. */
  readonly clock?: () => Date;
  /** Finds the owners of the resources about to be warned about (only those); none: owners not shown. */
  readonly owners?: OwnerResolver;
}

export interface NightlyRunResult {
  readonly report: RunReport;
  readonly decisions: readonly DecidedResource[];
  readonly warningPosted: boolean;
  readonly reportPosted: boolean;
}

/** What every phase of the night reads. */
export interface Night {
  readonly options: NightlyRunOptions;
  readonly config: JanitorConfig;
  readonly dryRun: boolean;
  readonly now: Date;
  readonly clients: AwsClients;
  readonly policy: DecisionPolicy;
  readonly typeById: ReadonlyMap<string, ResourceType>;
  readonly announcements: AnnouncementIndex;
  /** What IaC manages; incomplete evidence holds every mark and deletion (see decide). */
  readonly evidence: IacEvidence;
  /** The time of an audit action. */
  readonly clock: () => Date;
}

/** The report's lists, which the phases fill. */
export type ReportLines = Pick<RunReport, 'deleted' | 'started' | 'failed' | 'skipped' | 'kept' | 'needsAttention' | 'capAlerts'>;

/** What one phase adds to the report and to the audit record. */
export interface PhaseResult {
  readonly lines: Partial<ReportLines>;
  readonly actions: readonly AuditAction[];
}

/** The phases' lines and actions joined, phase after phase. */
export function joinPhases(results: readonly PhaseResult[]): { lines: ReportLines; actions: AuditAction[] } {
  const all = <K extends keyof ReportLines>(key: K) => results.flatMap((r) => (r.lines[key] ?? []) as ReportLines[K][number][]);
  return {
    lines: {
      deleted: all('deleted'),
      started: all('started'),
      failed: all('failed'),
      skipped: all('skipped'),
      kept: all('kept'),
      needsAttention: all('needsAttention'),
      capAlerts: all('capAlerts'),
    },
    actions: results.flatMap((r) => r.actions),
  };
}

export function resourceLineOf(night: Night, d: DecidedResource, reason = d.decision.reason): ResourceLine {
  return resourceLine(night.typeById.get(d.resource.type), d, night.now, reason);
}

export function failedLineOf(night: Night, d: DecidedResource, error: string): FailedLine {
  return { ...resourceLineOf(night, d), error };
}

/** An audit action, stamped with the clock when it is made. */
export function auditAction(
  night: Night,
  d: DecidedResource,
  action: AuditAction['action'],
  outcome: AuditAction['outcome'],
  extra: Partial<AuditAction> = {},
): AuditAction {
  return { at: night.clock().toISOString(), arn: d.resource.arn, type: d.resource.type, action, outcome, ...extra };
}

export function logDecision({ resource, decision }: DecidedResource, phase: string): void {
  logger.info('decision', {
    phase,
    arn: resource.arn,
    type: resource.type,
    status: decision.status,
    action: decision.action,
    reason: decision.reason,
    deadline: decision.deadline ? formatDeadline(decision.deadline) : undefined,
  });
}
