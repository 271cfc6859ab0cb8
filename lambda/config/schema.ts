import * as z from 'zod';
import { problemText } from './config-problems';
import { nearMatch } from './near-match';
import { scheduleExpressionProblem } from './schedule-expression';

/**
 * The one configuration schema. The CDK app validates it at synth time and passes the parsed
 * object to the Lambda, which validates it again at cold start: both sides share this file.
 */

const tagKey = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters (AWS tag key limit)');

/** The largest numeric blast-radius cap; beyond it a cap is off only when written "unlimited". */
export const MAX_CAP = 1_000_000;
const capSchema = z.union([z.number().int().min(1).max(MAX_CAP), z.literal('unlimited')], {
  error: `must be a whole number from 1 to ${MAX_CAP} or "unlimited"`,
});

const requiredTagRule = z
  .object({
    key: tagKey,
    /** When given, the tag's value must match one of these (globs: `*` any run, `?` one character). */
    values: z.array(z.string().min(1).max(256)).min(1, 'give at least one value or omit "values"').optional(),
  })
  .strict();

/** EventBridge Scheduler cron(...) or rate(...) expression, checked field by field (see schedule-expression.ts). */
const scheduleExpression = z.string().superRefine((expression, ctx) => {
  const problem = scheduleExpressionProblem(expression);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as "UTC" or "Europe/Berlin"' },
);

/** `*` matches any run of characters, `?` one character. */
const arnGlob = z
  .string()
  .min(1)
  .refine((s) => s.startsWith('arn:') || s.startsWith('*'), {
    message: 'must be an ARN pattern starting with "arn:" or "*", e.g. "arn:aws:s3:::legacy-*"',
  });

/** e.g. `eu-west-1`, `us-gov-west-1`, `ap-southeast-4`. */
const regionCode = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'must be an AWS region code such as "eu-west-1"');
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name such as "acme-tfstate"');
const keyPrefix = z.string().max(1024).default('');
const stateBucket = z
  .object({
    bucket: bucketName,
    /** Only keys under this prefix are read; the IAM grant is limited to it. */
    prefix: keyPrefix,
    /** The bucket's region; default: the janitor's own. */
    region: regionCode.optional(),
  })
  .strict();

const iacSchema = z
  .object({
    cloudFormation: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .prefault({}),
    terraform: z
      .object({
        s3: z
          .array(
            stateBucket.extend({
              /** Key globs under the prefix (`**` any folders, `*` within one); workspaces live under `env:/`. */
              include: z.array(z.string().min(1)).min(1).default(['**/*.tfstate']),
            }),
          )
          .default([]),
      })
      .strict()
      .prefault({}),
    pulumi: z
      .object({ s3: z.array(stateBucket.extend({ prefix: z.string().max(1024).default('.pulumi') })).default([]) })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

const organizationalUnitId = z
  .string()
  .regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, 'must be an OU id "ou-abcd-12345678" or a root id "r-abcd"');

const slackChannel = z
  .string()
  .regex(/^(#[a-z0-9._-]{1,80}|[CGD][A-Z0-9]{6,})$/, 'must be a channel ID like "C0123ABCD" or a name like "#platform-alerts"');

/**
 * Where one team's accounts report: warnings and account summaries of the accounts it selects go
 * to its channel instead of `slack.channel`. An account matches when any selector does; the first
 * matching route wins.
 */
const slackRoute = z
  .object({
    channel: slackChannel,
    /** These account ids. */
    accounts: z.array(accountId).default([]),
    /** Every account anywhere under these OUs (read from Organizations at the start of each run). */
    organizationalUnits: z.array(organizationalUnitId).default([]),
    /** Accounts carrying all these Organizations tags (exact key, value compared trimmed and case-insensitively). */
    accountTags: z.record(z.string().min(1, 'tag keys must not be empty'), z.string()).default({}),
  })
  .strict()
  .refine((r) => r.accounts.length + r.organizationalUnits.length + Object.keys(r.accountTags).length > 0, {
    message: 'a route selects no account: give accounts, organizationalUnits or accountTags',
  });

/** Where the janitor sweeps: which accounts, which regions, how many at a time. */
const targetsSchema = z
  .object({
    /** Region codes, or "all-enabled" (the regions enabled in the janitor's account). Omitted: the janitor's own region. */
    regions: z
      .union([z.literal('all-enabled'), z.array(regionCode).min(1, 'list at least one region, or use "all-enabled"')], {
        error: 'must be "all-enabled" or a list of region codes such as ["eu-west-1"]',
      })
      .optional(),
    accounts: z
      .object({
        /** Sweep the account the janitor is deployed in. */
        includeSelf: z.boolean().default(true),
        /** Member accounts by id; each needs the member role (see the README). */
        ids: z.array(accountId).default([]),
        /** Every active account under these OUs (or the root `r-...`), resolved at the start of each run. */
        organizationalUnits: z.array(organizationalUnitId).default([]),
        /** Never swept, even when under a listed OU (e.g. the management or log-archive account). */
        exclude: z.array(accountId).default([]),
      })
      .strict()
      .prefault({}),
    /** The role the janitor assumes in member accounts (deployed by the member stack). */
    memberRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name (at most 64 letters, digits and +=,.@_-)')
      .default('UntaggedResourceJanitorMember'),
    /** The tag-only role the Keep buttons assume in member accounts (deployed by the member stack). */
    keepMemberRoleName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name (at most 64 letters, digits and +=,.@_-)')
      .default('UntaggedResourceJanitorMemberKeep'),
    /** Passed to sts:AssumeRole; the member role's trust policy demands the same value. */
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of letters, digits and +=,.@:/-')
      .optional(),
    /** (account, region) pairs swept at the same time. */
    maxConcurrency: z.number().int().min(1).max(1000).default(10),
    /**
     * Ask Resource Explorer first, and skip the types it indexes and shows no resource of in the
     * region (a full listing on Mondays, and whenever its index or default view cannot be trusted).
     */
    resourceExplorerPrecheck: z.boolean().default(false),
  })
  .strict()
  .refine((t) => t.accounts.includeSelf || t.accounts.ids.length > 0 || t.accounts.organizationalUnits.length > 0, {
    message: 'no account to sweep: set includeSelf, or list ids or organizationalUnits',
    path: ['accounts'],
  })
  .prefault({});

/** Slack user ids: `U…` (or `W…` in Enterprise Grid). */
const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user ID like "U0123ABCD" or "W0123ABCD"');

/**
 * Keep buttons in the warning. Absent: no buttons. Who may click is an allow-list: user IDs, a
 * user group, or both; at least one must be given (an empty allow-list would be a dead button).
 */
const keepButtons = z
  .object({
    /** Secrets Manager secret (name or ARN) holding the Slack app's signing secret. */
    signingSecretName: z.string().min(1, "must name the Secrets Manager secret holding the Slack app's signing secret"),
    allowedUserIds: z.array(slackUserId).default([]),
    /** A Slack user group (`S…`) whose members may keep resources. */
    allowedUserGroupId: z
      .string()
      .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID like "S0123ABCD"')
      .optional(),
    /** Offer "Keep forever" (janitor:exempt=true) besides 7 and 30 days. */
    allowForever: z.boolean().default(false),
    /** Reserved concurrency of the public keep function (a bound on what a flood can use); absent: none. */
    reservedConcurrency: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .refine((k) => k.allowedUserIds.length > 0 || k.allowedUserGroupId !== undefined, {
    message: 'give at least one Slack user ID here, or slack.keepButtons.allowedUserGroupId; otherwise nobody may click',
    path: ['allowedUserIds'],
  });

/** How each warned-about resource's owner is found and mentioned. */
const owners = z
  .object({
    /** Tag keys naming the owner, first present wins. */
    tagKeys: z.array(tagKey).default(['Owner', 'owner', 'CreatedBy', 'created-by']),
    /** Without an owner tag, ask CloudTrail who created the resource (LookupEvents, last 90 days). */
    fromCloudTrail: z.boolean().default(true),
    /** Owner (tag value or CloudTrail principal) to Slack user ID, checked before any email lookup. */
    slackUserByOwner: z.record(z.string().min(1, 'owner names must not be empty'), slackUserId).default({}),
    /** An owner that is an email in `emailDomains` is looked up in Slack (users.lookupByEmail, scope users:read.email). */
    lookupSlackUserByEmail: z.boolean().default(true),
    /** Only emails in these domains (exact, any case; not subdomains) are looked up and mentioned: owner tags are anyone's to write. */
    emailDomains: z
      .array(
        z
          .string()
          .regex(
            /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]*[A-Za-z0-9]$/,
            'must be a domain such as "corp.example" (no "@", no wildcard)',
          ),
      )
      .default([]),
  })
  .strict()
  .prefault({});

export function janitorConfigSchema(knownResourceTypes: readonly string[]) {
  const resourceTypeId = z.string().superRefine((t, ctx) => {
    if (knownResourceTypes.includes(t)) return;
    const near = nearMatch(t, knownResourceTypes);
    const hint = near ? `did you mean "${near}"?` : `supported: ${knownResourceTypes.join(', ')}`;
    ctx.addIssue({ code: 'custom', message: `"${t}" is not a supported resource type; ${hint}` });
  });

  return z
    .object({
      /** Reports what would happen, changes nothing. Default on: enforcing is an explicit choice. */
      dryRun: z.boolean().default(true),

      slack: z
        .object({
          /** Channel ID (C0123ABCD) or name (#platform-alerts): every account no route selects, and the run's organization digest. */
          channel: slackChannel,
          /** Per-team channels for the accounts they select; the first matching route wins. */
          routes: z.array(slackRoute).default([]),
          /** Name or ARN of the Secrets Manager secret holding the bot token (xoxb-...). */
          tokenSecretName: z.string().min(1, 'must name the Secrets Manager secret holding the Slack bot token'),
          /** Post a short "nothing to do" report on quiet nights. */
          postWhenNothingHappened: z.boolean().default(false),
          /** "Keep 7 days / 30 days / forever" buttons on each warned-about resource; absent: none. */
          keepButtons: keepButtons.optional(),
        })
        .strict(),

      owners,

      schedule: z
        .object({
          expression: scheduleExpression.default('cron(0 2 * * ? *)'),
          timeZone: timeZone.default('UTC'),
        })
        .strict()
        .prefault({}),

      compliance: z
        .object({
          requiredTags: z
            .array(requiredTagRule)
            .min(1, 'list at least one required tag; an empty list would make every resource non-compliant')
            .default([{ key: 'ManagedBy', values: ['terraform', 'cdk', 'cloudformation', 'pulumi'] }]),
          /** `any`: one satisfied rule is enough; `all`: every rule must hold. */
          match: z.enum(['any', 'all']).default('any'),
          /** Resources carrying `aws:cloudformation:stack-id` are IaC-managed. */
          cloudFormationCountsAsIaC: z.boolean().default(true),
          /** Compare required tag keys and values exactly; default: trimmed and case-insensitively. */
          caseSensitive: z.boolean().default(false),
        })
        .strict()
        .prefault({}),

      /** Days between the warning and the deletion. */
      gracePeriodDays: z.number().int().min(1).max(90).default(1),
      /** Resources younger than this are never marked (someone may still be tagging them). */
      minimumAgeHours: z
        .number()
        .int()
        .min(0)
        .max(24 * 90)
        .default(24),

      exemptions: z
        .object({
          arnPatterns: z.array(arnGlob).default([]),
          resourceTypes: z.array(resourceTypeId).default([]),
        })
        .strict()
        .prefault({}),

      protections: z
        .object({
          /** Tag-key globs (case-insensitive) of controllers that manage resources, added to the built-in list. */
          tagKeyPatterns: z.array(z.string().trim().min(1, 'must not be empty').max(128)).default([]),
          /** S3 bucket names or globs (`*`, `?`) the janitor's roles may never delete or empty, e.g. Terraform state. */
          buckets: z
            .array(
              z
                .string()
                .regex(
                  /^[a-z0-9.*?-]{1,63}$/,
                  'must be an S3 bucket name or a glob of one (lowercase letters, digits, ".", "-", "*", "?")',
                ),
            )
            .default([]),
        })
        .strict()
        .prefault({}),

      /** Infrastructure-as-code state read each night: what it names is never marked or deleted. */
      iac: iacSchema,

      /** Types to sweep; default: every supported type. */
      resourceTypes: z
        .array(resourceTypeId)
        .min(1, 'enable at least one resource type')
        .default([...knownResourceTypes]),

      deletion: z
        .object({
          /** Snapshot EBS volumes and take final RDS snapshots before deleting. */
          backups: z.boolean().default(true),
          /** Types whose backup is skipped although `backups` is on. */
          skipBackupFor: z.array(resourceTypeId).default([]),
          /** Switch termination/deletion protection off and delete; default: skip and report. */
          disableProtection: z.boolean().default(false),
          /** Empty non-empty S3 buckets (every version and delete marker) and delete them. */
          deleteNonEmptyBuckets: z.boolean().default(false),
          /** Dependency errors ("in use", DependencyViolation) are retried in up to this many waves. */
          maxWaves: z.number().int().min(1).max(10).default(3),
          /** Pause between waves, so that what was deleted in one wave has released its dependencies. */
          secondsBetweenWaves: z.number().int().min(0).max(300).default(30),
          /**
           * An announced deadline that passed longer ago than this (the janitor was paused) no longer
           * permits deletion: the resource is announced again with a fresh deadline.
           */
          maxDaysPastDeadline: z.number().int().min(1).max(90).default(7),
        })
        .strict()
        .prefault({}),

      audit: z
        .object({
          /** Days each run's audit record is kept in the audit bucket. */
          retentionDays: z.number().int().min(30).max(3650).default(365),
        })
        .strict()
        .prefault({}),

      targets: targetsSchema,

      limits: z
        .object({
          /** Above this many new marks in one run, nothing is marked and an alert is posted. */
          maxMarksPerRun: capSchema.default(50),
          /** Above this many due deletions in one run, nothing is deleted and an alert is posted. */
          maxDeletionsPerRun: capSchema.default(25),
        })
        .strict()
        .prefault({}),
    })
    .strict();
}

export type JanitorConfig = z.output<ReturnType<typeof janitorConfigSchema>>;
export type JanitorConfigInput = z.input<ReturnType<typeof janitorConfigSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid janitor configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates raw configuration; every problem names its field, e.g. `limits.maxMarksPerRun`. */
export function parseJanitorConfig(raw: unknown, knownResourceTypes: readonly string[]): JanitorConfig {
  if (raw === undefined || raw === null) {
    throw new ConfigError(['janitor: configuration is missing (add the "janitor" object to the context in cdk.json)']);
  }
  const schema = janitorConfigSchema(knownResourceTypes);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => problemText(issue, raw, schema)));
}

/**
 * Validates a configuration that `cdk synth` already checked against the registry, without loading
 * the registry (every plug-in and its SDK client): for a Lambda that must start fast and touches no
 * plug-in (the Slack keep endpoint answers within 3 s). Type ids are taken as the ones it names;
 * everything else is checked as usual.
 */
export function parseSynthValidatedConfig(raw: unknown): JanitorConfig {
  const record = (raw ?? {}) as {
    resourceTypes?: unknown;
    exemptions?: { resourceTypes?: unknown };
    deletion?: { skipBackupFor?: unknown };
  };
  const named = [record.resourceTypes, record.exemptions?.resourceTypes, record.deletion?.skipBackupFor].flatMap((v) =>
    Array.isArray(v) ? v.filter((id): id is string => typeof id === 'string') : [],
  );
  if (named.length === 0)
    throw new ConfigError(['janitor.resourceTypes: missing; this function expects the configuration as cdk synth wrote it']);
  return parseJanitorConfig(raw, [...new Set(named)]);
}
