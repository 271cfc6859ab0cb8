import { type AuditAction, buildAuditRecord } from '../audit/audit-record';
import { describeProblems } from '../core/iac-evidence';
import type { DecidedResource } from '../core/model';
import { type RunReport, reportHasNews } from '../core/report';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import type { Night } from './night';

export interface ReportPhaseInput {
  /** Everything but the audit record's location (or error). */
  readonly report: RunReport;
  readonly decisions: readonly DecidedResource[];
  readonly actions: readonly AuditAction[];
  readonly deletedConfigurations: ReadonlyMap<string, unknown>;
  readonly warningPosted: boolean;
}

/** The audit record, then the report (which links to it). Throws after posting when the record could not be written. */
export async function reportPhase(night: Night, input: ReportPhaseInput): Promise<{ report: RunReport; reportPosted: boolean }> {
  const { options, config } = night;
  const report = await withAuditRecord(night, input);
  const reportPosted = options.alwaysReport || reportHasNews(report) || (config.slack.postWhenNothingHappened && !input.warningPosted);
  if (reportPosted) await options.notifier.postReport(report);
  logger.info('run finished', {
    dryRun: night.dryRun,
    resources: input.decisions.length,
    deleted: report.deleted.length,
    started: report.started.length,
    failed: report.failed.length,
    skipped: report.skipped.length,
    kept: report.kept.length,
    marked: report.markedCount,
    capAlerts: report.capAlerts.length,
    listingErrors: report.listingErrors.length,
  });
  if (report.auditError) throw new Error(`the run's audit record could not be written: ${report.auditError}`);
  // After the report: the run did its safe part (unmarking, reporting); the failure fires the sweep alarm.
  const problems = report.evidenceProblems ?? [];
  if (problems.length > 0) throw new Error(`IaC evidence incomplete, so nothing was marked or deleted: ${describeProblems(problems)}`);
  return { report, reportPosted };
}

/** Writes the audit record when an audit store is configured; the report says where it went, or why not. */
async function withAuditRecord(night: Night, { report, decisions, actions, deletedConfigurations }: ReportPhaseInput): Promise<RunReport> {
  const { auditStore } = night.options;
  if (!auditStore) return report;
  try {
    const record = buildAuditRecord({ report, decisions, actions, deletedConfigurations, finishedAt: night.clock() });
    return { ...report, audit: await auditStore.write(record) };
  } catch (error) {
    logger.error('writing the audit record failed', { error: errorText(error) });
    return { ...report, auditError: errorText(error) };
  }
}
