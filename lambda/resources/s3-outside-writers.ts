/**
 * Who outside the account a bucket policy lets write into the bucket: AWS services delivering
 * logs or data there (CloudTrail, AWS Config, VPC Flow Logs' delivery.logs.amazonaws.com, S3
 * server access logging, Elastic Load Balancing's regional account or its service principal),
 * other accounts, or anyone. Such a bucket is a destination in use, even when empty right now.
 * Pure: the policy text in, the principals out, in policy order; `Deny` and conditions are not
 * weighed (a conditional grant still names a writer).
 */

const WRITE_ACTIONS = /^(\*|s3:\*|s3:put\*|s3:putobject(acl)?)$/i;

interface Statement {
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: unknown;
}

const asList = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** The principals of one statement: `"*"`, `{ Service: … }`, `{ AWS: … }` (an account id, a root or role ARN). */
function principalsOf(principal: unknown): { service: string[]; aws: string[] } {
  if (principal === '*') return { service: [], aws: ['*'] };
  if (typeof principal !== 'object' || principal === null) return { service: [], aws: [] };
  const p = principal as Record<string, unknown>;
  return { service: asList(p.Service), aws: asList(p.AWS) };
}

/** The 12-digit account an AWS principal names (`123456789012`, `arn:aws:iam::123456789012:root`), or "*". */
const accountOf = (aws: string) => (aws === '*' ? '*' : (/^(\d{12})$/.exec(aws)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):/.exec(aws)?.[1]));

export function outsideWriters(policyText: string, accountId: string): string[] {
  let statements: Statement[];
  try {
    const parsed = JSON.parse(policyText) as { Statement?: Statement | Statement[] };
    statements = Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
  } catch {
    // S3 accepts only valid JSON policies; an unreadable one is no evidence the bucket is unused.
    return ['(a bucket policy the janitor cannot read)'];
  }
  const writers: string[] = [];
  for (const s of statements) {
    if (s.Effect !== 'Allow' || !asList(s.Action).some((a) => WRITE_ACTIONS.test(a))) continue;
    const { service, aws } = principalsOf(s.Principal);
    writers.push(...service, ...aws.filter((a) => accountOf(a) !== accountId));
  }
  return [...new Set(writers)];
}
