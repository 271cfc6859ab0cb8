import { WebClient } from '@slack/web-api';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monthlyUsd } from '../../lambda/core/cost';
import type { ResourceLine } from '../../lambda/core/report';
import { blocksTextLength, MAX_BLOCKS_PER_MESSAGE, MAX_MESSAGE_TEXT_CHARS, MAX_SECTION_TEXT_CHARS } from '../../lambda/slack/block-kit';
import { toCsv } from '../../lambda/slack/csv';
import { COSTLIEST_LISTED, DETAILED_WARNING_LIMIT, renderReport, renderWarning } from '../../lambda/slack/long-lists';
import { SlackNotifier } from '../../lambda/slack/slack-notifier';
import { type SlackServer, startSlackServer } from '../fakes/slack-server';
import { reportOf, resourceLine, warningOf } from './fixtures';

const TYPES = [
  { type: 'ec2:instance', typeLabel: 'EC2 instance' },
  { type: 'ec2:volume', typeLabel: 'EBS volume' },
  { type: 'rds:db', typeLabel: 'RDS instance' },
  { type: 'sqs:queue', typeLabel: 'SQS queue' },
  { type: 's3:bucket', typeLabel: 'S3 bucket' },
  { type: 'ec2:natgateway', typeLabel: 'NAT gateway' },
];

/** `n` resources over the types, owned by `owners` people (some with Slack users), priced or not. */
function manyResources(n: number, owners: number, seed = 1): ResourceLine[] {
  return Array.from({ length: n }, (_, i) => {
    const t = TYPES[(i * 7 + seed) % TYPES.length]!;
    const o = (i * 13 + seed) % Math.max(1, owners);
    const priced = i % 5 !== 0;
    return resourceLine(i, {
      ...t,
      cost: priced ? `~$${((i * 37) % 900) + 1}/month` : 'nothing while idle',
      owner:
        owners === 0
          ? undefined
          : { name: `person-${o}`, ...(o % 2 === 0 ? { slackUserId: `U${String(o).padStart(8, '0')}` } : {}), source: 'tag' },
    });
  });
}

function withinSlackLimits(messages: ReturnType<typeof renderWarning>['messages']): void {
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS_PER_MESSAGE);
    expect(blocksTextLength(m.blocks)).toBeLessThanOrEqual(MAX_MESSAGE_TEXT_CHARS);
    for (const b of m.blocks) if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT_CHARS);
  }
}

function csvArns(content: string): string[] {
  return content
    .trim()
    .split('\r\n')
    .slice(1)
    .map((row) => row.split(',').find((cell) => cell.startsWith('arn:'))!);
}

describe('long warnings: a digest of a few messages, the full list attached', () => {
  it(`lists up to ${DETAILED_WARNING_LIMIT} resources one by one and attaches nothing`, () => {
    const rendered = renderWarning(warningOf(manyResources(DETAILED_WARNING_LIMIT, 3)));
    expect(rendered.attachment).toBeUndefined();
    for (const r of manyResources(DETAILED_WARNING_LIMIT, 3)) expect(JSON.stringify(rendered.messages)).toContain(r.id);
  });

  it('above that, at most 10 messages for any number of resources and owners, every resource in the CSV once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: DETAILED_WARNING_LIMIT + 1, max: 50_000 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.boolean(),
        (n, owners, buttons) => {
          const resources = manyResources(n, owners);
          const w = warningOf(resources, { ownersResolved: owners > 0 });
          const rendered = renderWarning(w, buttons ? { keepButtons: { allowForever: true } } : {});
          expect(rendered.messages.length).toBeLessThanOrEqual(10);
          withinSlackLimits(rendered.messages);
          expect(rendered.attachment?.rows).toBe(n);
          const arns = csvArns(rendered.attachment!.content);
          expect(new Set(arns).size).toBe(n);
          expect(arns.sort()).toEqual(resources.map((r) => r.arn).sort());
        },
      ),
      { numRuns: 15 },
    );
  });

  it('lists the costliest with their Keep buttons, and mentions the owners with the most resources first', () => {
    const resources = manyResources(7_008, 40);
    const w = warningOf(resources, { ownersResolved: true });
    const { messages } = renderWarning(w, { keepButtons: { allowForever: false } });
    const text = JSON.stringify(messages);
    const priciest = [...resources].sort((a, b) => (monthlyUsd(b.cost) ?? 0) - (monthlyUsd(a.cost) ?? 0))[0]!;
    expect(text).toContain(priciest.id);
    const keepArns = messages.flatMap((m) => m.keepArns ?? []);
    expect(keepArns).toHaveLength(COSTLIEST_LISTED);
    expect(keepArns.map((arn) => monthlyUsd(resources.find((r) => r.arn === arn)!.cost))).toEqual(
      resources
        .map((r) => monthlyUsd(r.cost) ?? 0)
        .sort((a, b) => b - a)
        .slice(0, COSTLIEST_LISTED),
    );
    expect(text).toContain('<@U00000000>');
    expect(text).toContain('7,008 untagged resources will be deleted');
    expect(text).toContain('janitor-warning-123456789012-eu-west-1-2026-11-20.csv');
  });

  it('a long report lists ten per section and attaches every line with its outcome', () => {
    const deleted = manyResources(7_000, 0);
    const failed = manyResources(50, 0, 3).map((r) => ({ ...r, error: 'DependencyViolation: in use' }));
    const rendered = renderReport(reportOf({ deleted, failed }));
    expect(rendered.messages.length).toBeLessThanOrEqual(10);
    withinSlackLimits(rendered.messages);
    const text = JSON.stringify(rendered.messages);
    expect(text).toContain('Deleted (7000)');
    expect(text).toContain('and 6,990 more');
    expect(rendered.attachment?.rows).toBe(7_050);
    expect(rendered.attachment?.content).toContain('failed,EC2 instance');
    expect(rendered.attachment?.content).toContain('DependencyViolation: in use');
  });
});

describe('the attached CSV', () => {
  it('quotes separators and neutralises cells a spreadsheet would run as formulas', () => {
    const csv = toCsv(
      ['name', 'owner'],
      [
        ['=HYPERLINK("http://evil","x")', 'a,b'],
        ['@SUM(1)', '-2+3'],
        ['plain\u202Etext', undefined],
      ],
    );
    expect(csv).toBe('name,owner\r\n"\'=HYPERLINK(""http://evil"",""x"")","a,b"\r\n\'@SUM(1),\'-2+3\r\nplaintext,\r\n');
  });
});

describe('SlackNotifier with a long warning', () => {
  let slack: SlackServer;
  beforeEach(async () => {
    slack = await startSlackServer({ perChannelIntervalMs: 100 });
  });
  afterEach(async () => slack.close());

  const notifier = (minIntervalMs: number) =>
    new SlackNotifier({
      client: new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
      channel: 'C0JANITOR',
      minIntervalMs,
    });

  it('posts the digest, then the full list as a file in its thread, within the channel rate', async () => {
    const w = warningOf(manyResources(2_000, 25), { ownersResolved: true });
    const first = await notifier(100).postWarning(w);
    const posts = slack.posts.filter((p) => p.method === 'chat.postMessage');
    expect(posts.length).toBeLessThanOrEqual(10);
    expect(slack.rateLimited).toBe(0);
    expect(slack.uploads).toHaveLength(1);
    const upload = slack.uploads[0]!;
    expect(upload).toMatchObject({
      channel: first.channel,
      thread_ts: first.ts,
      filename: 'janitor-warning-123456789012-eu-west-1-2026-11-20.csv',
    });
    expect(csvArns(upload.content)).toHaveLength(2_000);
  });

  it('fails the warning when the file cannot be attached, naming the scope it needs', async () => {
    const w = warningOf(manyResources(100, 0));
    slack.failNext({ error: 'missing_scope' }, 1, 'files.getUploadURLExternal');
    await expect(notifier(0).postWarning(w)).rejects.toThrow(/files\.uploadV2 of janitor-warning-.*missing_scope.*files:write/);
  });
});
