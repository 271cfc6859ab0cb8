import { describe, expect, it } from 'vitest';
import type { FailedLine, Warning } from '../../lambda/core/report';
import {
  MAX_BLOCKS_PER_MESSAGE,
  MAX_HEADER_CHARS,
  MAX_MESSAGE_TEXT_CHARS,
  MAX_SECTION_TEXT_CHARS,
  type SlackMessage,
} from '../../lambda/slack/block-kit';
import { formatAge } from '../../lambda/slack/message-lines';
import { failureMessage, reportMessages, warningMessages } from '../../lambda/slack/messages';
import { reportOf, resourceLine, warningOf } from './fixtures';

const HOUR = 3_600_000;
const DEADLINE = new Date('2026-11-20T23:00:00Z');
const DEADLINE_UNIX = DEADLINE.getTime() / 1000;

const resource = resourceLine;

function warning(overrides: Partial<Warning> = {}): Warning {
  return warningOf([resource(1), resource(2)], { deadline: DEADLINE, ...overrides });
}

const report = reportOf;

/** Every `text` string in the blocks: what Slack counts towards `msg_blocks_too_long`. */
function textLength(value: unknown, key?: string): number {
  if (typeof value === 'string') return key === 'text' ? value.length : 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (value && typeof value === 'object') return Object.entries(value).reduce((sum, [k, v]) => sum + textLength(v, k), 0);
  return 0;
}

function allText(messages: SlackMessage[]): string {
  return messages.map((m) => `${m.text}\n${JSON.stringify(m.blocks)}`).join('\n');
}

function headerOf(message: SlackMessage): string {
  const header = message.blocks[0];
  if (header?.type !== 'header') throw new Error(`first block is ${header?.type}, not a header`);
  return header.text.text;
}

function sectionTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
}

function expectWithinLimits(messages: SlackMessage[]): void {
  for (const [index, message] of messages.entries()) {
    const where = `message ${index + 1}`;
    expect(message.blocks.length, where).toBeLessThanOrEqual(MAX_BLOCKS_PER_MESSAGE);
    expect(headerOf(message).length, where).toBeLessThanOrEqual(MAX_HEADER_CHARS);
    for (const text of sectionTexts(message)) expect(text.length, where).toBeLessThanOrEqual(MAX_SECTION_TEXT_CHARS);
    expect(textLength(message.blocks), where).toBeLessThanOrEqual(MAX_MESSAGE_TEXT_CHARS);
    expect(message.text.length, where).toBeGreaterThan(0);
  }
}

describe('warningMessages', () => {
  it('puts counts in the header, and account, region and the deadline (ISO and Slack date token) up front', () => {
    const [message, ...rest] = warningMessages(warning());
    expect(rest).toEqual([]);
    expect(headerOf(message!)).toContain('2 untagged resources will be deleted');
    const text = JSON.stringify(message!.blocks);
    expect(text).toContain('123456789012');
    expect(text).toContain('eu-west-1');
    expect(text).toContain('2026-11-20T23:00:00Z');
    expect(text).toContain(`<!date^${DEADLINE_UNIX}^{date_short_pretty} {time}|2026-11-20T23:00:00Z>`);
    expect(message!.text).toContain('2 untagged resources will be deleted after 2026-11-20T23:00:00Z');
    expect(allText([message!])).not.toMatch(/dry run/i);
  });

  it('lists each resource with type, console link, age and reason', () => {
    const r = resource(7, { ageMs: 5 * HOUR + 10 * 60_000 });
    const [message] = warningMessages(warning({ resources: [r, resource(8, { ageMs: undefined, name: undefined })] }));
    const sections = sectionTexts(message!).join('\n');
    expect(sections).toContain(`• *EC2 instance* <${r.consoleUrl}|scratch-box-7 (${r.id})> · 5h · missing IaC tags (ManagedBy)`);
    expect(sections).toContain(`|${resource(8).id}> · age unknown ·`);
  });

  it('says how to keep a resource: the IaC tags or the exemption tag with true or a date', () => {
    const messages = warningMessages(warning());
    const text = allText(messages);
    expect(text).toContain('How to keep a resource');
    expect(text).toContain('ManagedBy=terraform|cdk');
    expect(text).toContain('`janitor:exempt` = `true`');
    expect(text).toContain('`janitor:exempt` = `YYYY-MM-DD`');
  });

  it('in a dry run says so plainly, with would-wording, in every part', () => {
    const messages = warningMessages(warning({ dryRun: true, resources: Array.from({ length: 200 }, (_, i) => resource(i)) }));
    expect(messages.length).toBeGreaterThan(1);
    expect(headerOf(messages[0]!)).toContain('DRY RUN: 200 untagged resources would be marked for deletion');
    expect(JSON.stringify(messages[0]!.blocks)).toContain('DRY RUN — nothing was marked or deleted');
    for (const message of messages) {
      expect(headerOf(message)).toContain('DRY RUN');
      expect(message.text).toContain('DRY RUN');
      expect(JSON.stringify(message.blocks)).toContain('DRY RUN — nothing was marked or deleted');
      expect(allText([message])).not.toMatch(/will be deleted/);
    }
  });

  it('splits 500 resources into messages within every limit, each resource exactly once', () => {
    const resources = Array.from({ length: 500 }, (_, i) =>
      resource(i, {
        reason: `missing IaC tags (ManagedBy, Team, CostCenter) — found by sweep ${i}`,
        name: `a-rather-long-hand-made-resource-name-${i}`,
      }),
    );
    const messages = warningMessages(warning({ resources }));

    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const total = messages.length;
    messages.forEach((message, index) => {
      const part = `(part ${index + 1} of ${total})`;
      expect(headerOf(message)).toContain(part);
      expect(message.text).toContain(part);
    });
    expect(headerOf(messages[0]!)).toContain('500 untagged resources will be deleted');

    const lines = messages
      .flatMap(sectionTexts)
      .flatMap((t) => t.split('\n'))
      .filter((l) => l.startsWith('• *EC2 instance*'));
    expect(lines).toHaveLength(500);
    for (const r of resources) {
      expect(
        lines.filter((l) => l.includes(`|${r.name} (${r.id})>`)),
        r.id,
      ).toHaveLength(1);
    }
    // Instructions once, in the first message: the one people see in the channel.
    expect(messages.filter((m) => JSON.stringify(m.blocks).includes('How to keep a resource'))).toHaveLength(1);
    expect(JSON.stringify(messages[0]!.blocks)).toContain('How to keep a resource');
    expect(JSON.stringify(messages[0]!.blocks)).toContain('<!date^');
  });

  it('stays within limits when AWS-provided fields are huge or full of control characters', () => {
    const resources = Array.from({ length: 60 }, (_, i) =>
      resource(i, { name: `<&>`.repeat(400), reason: 'r&d '.repeat(1_000), consoleUrl: `https://example.com/${'x'.repeat(5_000)}` }),
    );
    const messages = warningMessages(warning({ resources, keep: { requiredTags: 'Owner&Team'.repeat(200), exemptTag: 'janitor:exempt' } }));
    expectWithinLimits(messages);
    expect(
      messages
        .flatMap(sectionTexts)
        .join('\n')
        .split('\n')
        .filter((l) => l.startsWith('• ')),
    ).toHaveLength(60 + 3);
  });

  it('escapes &, < and > in names, reasons and links so they cannot inject mentions or links', () => {
    const r = resource(1, {
      name: 'a<b>&c <!channel>',
      reason: 'missing tags <@U123> & more',
      consoleUrl: 'https://console.example/home?a=1&b=2|x',
    });
    const [message] = warningMessages(warning({ resources: [r] }));
    const sections = sectionTexts(message!).join('\n');
    expect(sections).toContain('a&lt;b&gt;&amp;c &lt;!channel&gt;');
    expect(sections).toContain('missing tags &lt;@U123&gt; &amp; more');
    expect(sections).toContain('<https://console.example/home?a=1&amp;b=2%7Cx|');
    expect(sections).not.toContain('<!channel>');
    expect(sections).not.toContain('<@U123>');
  });

  it('uses the singular for one resource', () => {
    expect(headerOf(warningMessages(warning({ resources: [resource(1)] }))[0]!)).toContain('1 untagged resource will be deleted');
  });
});

describe('formatAge', () => {
  it.each([
    [undefined, 'age unknown'],
    [30 * 60_000, '30m'],
    [5 * HOUR, '5h'],
    [3 * 24 * HOUR + 5 * HOUR, '3d'],
    [-5_000, '0m'],
  ])('%s ms is %s', (ageMs, expected) => {
    expect(formatAge(ageMs)).toBe(expected);
  });
});

describe('reportMessages', () => {
  const failed: FailedLine = {
    ...resource(3, { typeLabel: 'Security group', id: 'sg-0abc', name: undefined }),
    error: 'DependencyViolation: resource sg-0abc has a dependent object',
  };

  it('shows only the non-empty categories, with the AWS error and the skip reason', () => {
    const messages = reportMessages(
      report({
        deleted: [resource(1)],
        failed: [failed],
        skipped: [resource(2, { reason: 'bucket not empty (12 objects); empty it first' })],
        markedCount: 4,
        waitingCount: 2,
      }),
    );
    expect(messages).toHaveLength(1);
    const text = allText(messages);
    expect(headerOf(messages[0]!)).toContain('1 deleted, 1 failed, 1 skipped');
    expect(text).toContain('*Deleted (1)*');
    expect(text).toContain('*Failed (1)*');
    expect(text).toContain('DependencyViolation: resource sg-0abc has a dependent object');
    expect(text).toContain('*Skipped (1)*');
    expect(text).toContain('bucket not empty (12 objects); empty it first');
    expect(text).not.toContain('Kept');
    expect(text).not.toContain('Needs attention');
    expect(text).not.toContain('Cap alerts');
    expect(text).not.toContain('Could not list');
    expect(text).toMatch(/Newly marked:\* 4/);
    expect(text).toMatch(/Waiting\* \(marked earlier, not yet due\): 2/);
    expect(text).not.toMatch(/dry run/i);
  });

  it('shows kept, needs attention, cap alerts and types that could not be listed', () => {
    const messages = reportMessages(
      report({
        kept: [resource(1, { reason: 'now has IaC tags' })],
        needsAttention: [resource(2, { reason: 'janitor:exempt="forever" is neither "true" nor a date YYYY-MM-DD' })],
        capAlerts: ['42 resources due, above limits.maxDeletionsPerRun = 25: nothing deleted'],
        listingErrors: [{ type: 's3:bucket', error: 'AccessDenied: not allowed to list buckets' }],
      }),
    );
    const text = allText(messages);
    expect(text).toContain('Kept — mark removed (1)');
    expect(text).toContain('Needs attention (1)');
    expect(text).toContain('janitor:exempt=\\"forever\\"');
    expect(text).toContain('Cap alerts (1)');
    expect(text).toContain('limits.maxDeletionsPerRun = 25');
    expect(text).toContain('Could not list (1)');
    expect(text).toContain('`s3:bucket` `AccessDenied: not allowed to list buckets`');
  });

  it('in a dry run says would-delete and that nothing was changed', () => {
    const messages = reportMessages(report({ dryRun: true, deleted: [resource(1)], kept: [resource(2)], markedCount: 3 }));
    const text = allText(messages);
    expect(headerOf(messages[0]!)).toContain('DRY RUN');
    expect(headerOf(messages[0]!)).toContain('1 would be deleted');
    expect(text).toContain('DRY RUN — nothing was marked or deleted');
    expect(text).toContain('*Would delete (1)*');
    expect(text).toContain('Kept — mark would be removed (1)');
    expect(text).toMatch(/Would mark now:\* 3/);
    expect(text).not.toContain('*Deleted');
  });

  it('renders a quiet night as one short message', () => {
    const messages = reportMessages(report({ waitingCount: 3 }));
    expect(messages).toHaveLength(1);
    expect(headerOf(messages[0]!)).toContain('nothing deleted');
    expect(messages[0]!.blocks.length).toBeLessThanOrEqual(4);
    expect(allText(messages)).toContain('not yet due): 3');
  });

  it('splits long categories, repeating the category title in the next part, each resource once', () => {
    const deleted = Array.from({ length: 300 }, (_, i) => resource(i));
    const failures: FailedLine[] = Array.from({ length: 150 }, (_, i) => ({ ...resource(1_000 + i), error: `InternalError: boom ${i}` }));
    const messages = reportMessages(report({ deleted, failed: failures }));
    expect(messages.length).toBeGreaterThan(2);
    expectWithinLimits(messages);
    const lines = messages
      .flatMap(sectionTexts)
      .flatMap((t) => t.split('\n'))
      .filter((l) => l.startsWith('• '));
    expect(lines).toHaveLength(450);
    expect(new Set(lines).size).toBe(450);
    expect(allText(messages)).toContain('*Deleted (300)* _(continued)_');
    for (const [index, message] of messages.entries()) expect(headerOf(message)).toContain(`(part ${index + 1} of ${messages.length})`);
  });
});

describe('failureMessage', () => {
  it('names account, region and the escaped error', () => {
    const message = failureMessage({ accountId: '123456789012', region: 'eu-west-1', error: 'ThrottledException: Rate <exceeded> & more' });
    const text = allText([message]);
    expect(headerOf(message)).toContain('Janitor run failed');
    expect(text).toContain('123456789012');
    expect(text).toContain('eu-west-1');
    expect(text).toContain('ThrottledException: Rate &lt;exceeded&gt; &amp; more');
    expect(message.text).toContain('Janitor run failed in account 123456789012, eu-west-1');
  });

  it('clips a huge error to stay within the section limit', () => {
    const message = failureMessage({ accountId: '1', region: 'r', error: 'x'.repeat(20_000) });
    expectWithinLimits([message]);
  });
});

describe('deletion details in the report', () => {
  it('lists started slow deletions and names what a deletion kept', () => {
    const message = reportMessages(
      report({
        deleted: [resourceLine(1, { typeLabel: 'EBS volume', backup: 'snapshot snap-0abc (tagged janitor:exempt=true)' })],
        started: [resourceLine(2, { typeLabel: 'RDS DB instance', backup: 'final snapshot janitor-final-db-1' })],
      }),
    )[0]!;
    const text = JSON.stringify(message.blocks);
    expect(message.text).toContain('1 deletion started');
    expect(text).toContain('Deletion started (1)');
    expect(text).toContain('kept snapshot snap-0abc (tagged janitor:exempt=true)');
    expect(text).toContain('kept final snapshot janitor-final-db-1');
  });

  it('shows what leaving a resource running costs, where the type can say', () => {
    const [message] = warningMessages(warningOf([resourceLine(1, { cost: '~$33/month + $0.045/GB processed' })]));
    expect(JSON.stringify(message!.blocks)).toContain('~$33/month + $0.045/GB processed');
  });
});

describe('the audit record in the report', () => {
  it('links to the record, or says loudly that it could not be written', () => {
    const audit = {
      uri: 's3://janitor-audit/runs/1/eu-west-1/2026/11/21/x.json',
      consoleUrl: 'https://s3.console.aws.amazon.com/s3/object/janitor-audit?prefix=x',
    };
    const [linked] = reportMessages(report({ deleted: [resourceLine(1)], audit }));
    expect(JSON.stringify(linked!.blocks)).toContain(`<${audit.consoleUrl}|${audit.uri}>`);
    const failed = reportMessages(report({ auditError: 'AccessDenied: no s3:PutObject' }))[0]!;
    expect(JSON.stringify(failed.blocks)).toContain('The audit record could not be written');
    expect(JSON.stringify(failed.blocks)).toContain('AccessDenied: no s3:PutObject');
  });
});
