import type { ResourceLine, RunReport, Warning } from '../../lambda/core/report';

const HOUR = 3_600_000;

/** An EC2 instance line, numbered so every line of a long list is distinct. */
export function resourceLine(n: number, overrides: Partial<ResourceLine> = {}): ResourceLine {
  const id = `i-${n.toString(16).padStart(17, '0')}`;
  return {
    typeLabel: 'EC2 instance',
    type: 'ec2:instance',
    id,
    name: `scratch-box-${n}`,
    arn: `arn:aws:ec2:eu-west-1:123456789012:instance/${id}`,
    region: 'eu-west-1',
    ageMs: 3 * 24 * HOUR,
    consoleUrl: `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=${id}`,
    reason: 'missing IaC tags (ManagedBy)',
    ...overrides,
  };
}

export function warningOf(resources: readonly ResourceLine[], overrides: Partial<Warning> = {}): Warning {
  return {
    accountId: '123456789012',
    region: 'eu-west-1',
    dryRun: false,
    deadline: new Date('2026-11-20T23:00:00Z'),
    resources,
    keep: { requiredTags: 'ManagedBy=terraform|cdk', exemptTag: 'janitor:exempt' },
    ...overrides,
  };
}

/** A report where nothing happened; override the categories a spec is about. */
export function reportOf(overrides: Partial<RunReport> = {}): RunReport {
  return {
    accountId: '123456789012',
    region: 'eu-west-1',
    dryRun: false,
    startedAt: new Date('2026-11-21T02:00:00Z'),
    deleted: [],
    started: [],
    failed: [],
    skipped: [],
    kept: [],
    needsAttention: [],
    markedCount: 0,
    waitingCount: 0,
    capAlerts: [],
    listingErrors: [],
    ...overrides,
  };
}
