import type { EvidenceProblem, EvidenceSourceRead } from '../core/iac-evidence';
import type { DecidedResource } from '../core/model';
import type { RunReport } from '../core/report';
import { formatDeadline } from '../core/tag-values';

/** One action the run took (or, in a dry run, would have taken), in order. */
export interface AuditAction {
  readonly at: string;
  readonly arn: string;
  readonly type: string;
  readonly action: 'mark' | 'unmark' | 'delete';
  readonly outcome: 'done' | 'would' | 'started' | 'skipped' | 'failed';
  readonly detail?: string;
  readonly wave?: number;
  readonly backup?: string;
}

/**
 * What one run decided and did, written as JSON to the audit bucket. For each deleted resource it
 * keeps the configuration read just before deletion, so a wrong deletion can be recreated.
 */
export interface AuditRecord {
  readonly schemaVersion: 1;
  readonly accountId: string;
  readonly region: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly dryRun: boolean;
  readonly decisions: readonly {
    readonly arn: string;
    readonly type: string;
    readonly tags: Readonly<Record<string, string>>;
    readonly status: string;
    readonly action: string;
    readonly reason: string;
    readonly deadline?: string;
  }[];
  readonly actions: readonly AuditAction[];
  /** The IaC evidence the decisions rest on: each source's count and objects (keys, versions, serials), and what failed. */
  readonly evidence: { readonly sources: readonly EvidenceSourceRead[]; readonly problems: readonly EvidenceProblem[] };
  /** ARN → configuration as read just before deletion. */
  readonly deletedConfigurations: Readonly<Record<string, unknown>>;
  readonly summary: {
    readonly deleted: number;
    readonly started: number;
    readonly failed: number;
    readonly skipped: number;
    readonly kept: number;
    readonly marked: number;
    readonly capAlerts: readonly string[];
    readonly listingErrors: RunReport['listingErrors'];
  };
}

export function buildAuditRecord(input: {
  report: RunReport;
  decisions: readonly DecidedResource[];
  actions: readonly AuditAction[];
  deletedConfigurations: ReadonlyMap<string, unknown>;
  finishedAt: Date;
}): AuditRecord {
  const { report } = input;
  return {
    schemaVersion: 1,
    accountId: report.accountId,
    region: report.region,
    startedAt: report.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    dryRun: report.dryRun,
    decisions: input.decisions.map(({ resource, decision }) => ({
      arn: resource.arn,
      type: resource.type,
      tags: resource.tags,
      status: decision.status,
      action: decision.action,
      reason: decision.reason,
      deadline: decision.deadline ? formatDeadline(decision.deadline) : undefined,
    })),
    actions: input.actions,
    evidence: { sources: report.evidenceSources ?? [], problems: report.evidenceProblems ?? [] },
    deletedConfigurations: Object.fromEntries(input.deletedConfigurations),
    summary: {
      deleted: report.deleted.length,
      started: report.started.length,
      failed: report.failed.length,
      skipped: report.skipped.length,
      kept: report.kept.length,
      marked: report.markedCount,
      capAlerts: report.capAlerts,
      listingErrors: report.listingErrors,
    },
  };
}

/** `runs/{account}/{region}/2026/11/23/2026-11-23T02-00-00Z.json`: sortable, one folder a day. */
export function auditKey(accountId: string, region: string, startedAt: Date): string {
  const iso = startedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const [yyyy, mm, dd] = iso.slice(0, 10).split('-');
  return `runs/${accountId}/${region}/${yyyy}/${mm}/${dd}/${iso.replace(/:/g, '-')}.json`;
}
