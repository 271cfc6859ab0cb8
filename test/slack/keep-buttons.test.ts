import { describe, expect, it } from 'vitest';
import { parseKeepButtonValue } from '../../lambda/core/keep-choice';
import {
  blocksTextLength,
  MAX_ACTIONS_PER_BLOCK,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT_CHARS,
  MAX_SECTION_TEXT_CHARS,
  type SlackMessage,
} from '../../lambda/slack/block-kit';
import { reportMessages, warningMessages } from '../../lambda/slack/messages';
import { reportOf, resourceLine, warningOf } from './fixtures';

const BUTTONS = { keepButtons: { allowForever: false } };

function actionsBlocks(message: SlackMessage): any[] {
  return message.blocks.filter((b) => b.type === 'actions');
}

function buttonsOf(messages: SlackMessage[]): { arn: string; choice: string; action_id: string; text: string }[] {
  return messages.flatMap(actionsBlocks).flatMap((b) =>
    b.elements.map((e: any) => ({
      ...parseKeepButtonValue(e.value)!,
      action_id: e.action_id,
      text: e.text.text,
      valueLength: e.value.length,
    })),
  );
}

describe('Keep buttons in the warning', () => {
  it('puts "Keep 7 days" and "Keep 30 days" under each resource line, with the ARN and choice as the value', () => {
    const message = warningMessages(warningOf([resourceLine(1), resourceLine(2)]), BUTTONS)[0]!;
    const blocks = message.blocks;
    const first = blocks.findIndex((b) => b.type === 'section' && b.text?.text.includes(resourceLine(1).id));
    expect(blocks[first + 1]).toMatchObject({ type: 'actions' });
    expect(buttonsOf([message]).map((b) => [b.arn, b.choice, b.text])).toEqual([
      [resourceLine(1).arn, '7d', 'Keep 7 days'],
      [resourceLine(1).arn, '30d', 'Keep 30 days'],
      [resourceLine(2).arn, '7d', 'Keep 7 days'],
      [resourceLine(2).arn, '30d', 'Keep 30 days'],
    ]);
    expect(message.keepArns).toEqual([resourceLine(1).arn, resourceLine(2).arn]);
    expect(JSON.stringify(blocks)).toContain('Click *Keep 7 days* / *Keep 30 days* under it');
  });

  it('adds "Keep forever" only when allowed', () => {
    const [message] = warningMessages(warningOf([resourceLine(1)]), { keepButtons: { allowForever: true } });
    expect(buttonsOf([message!]).map((b) => b.action_id)).toEqual(['janitor-keep-7d', 'janitor-keep-30d', 'janitor-keep-forever']);
  });

  it('has no buttons without the option, and none in a dry run (nothing is marked to keep)', () => {
    expect(actionsBlocks(warningMessages(warningOf([resourceLine(1)]))[0]!)).toEqual([]);
    const dry = warningMessages(warningOf([resourceLine(1)], { dryRun: true }), BUTTONS)[0]!;
    expect(actionsBlocks(dry)).toEqual([]);
    expect(dry.keepArns).toBeUndefined();
  });

  it('splits 500 resources within every Block Kit limit, each resource with its buttons exactly once, in the same message as its line', () => {
    const resources = Array.from({ length: 500 }, (_, i) =>
      resourceLine(i, {
        reason: `missing IaC tags (ManagedBy, Team, CostCenter) — found by sweep ${i}`,
        name: `a-rather-long-hand-made-resource-name-${i}`,
      }),
    );
    const messages = warningMessages(warningOf(resources), { keepButtons: { allowForever: true } });
    expect(messages.length).toBeGreaterThan(10);
    for (const [index, message] of messages.entries()) {
      expect(message.blocks.length, `message ${index}`).toBeLessThanOrEqual(MAX_BLOCKS_PER_MESSAGE);
      expect(blocksTextLength(message.blocks)).toBeLessThanOrEqual(MAX_MESSAGE_TEXT_CHARS);
      for (const block of message.blocks) {
        if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT_CHARS);
        if (block.type === 'actions') expect(block.elements.length).toBeLessThanOrEqual(MAX_ACTIONS_PER_BLOCK);
      }
      // Every button's resource is on this message's lines, and its ledger record lists exactly those.
      const arnsHere = [...new Set(buttonsOf([message]).map((b) => b.arn))];
      expect(message.keepArns).toEqual(arnsHere);
      const text = JSON.stringify(message.blocks.filter((b) => b.type === 'section'));
      for (const arn of arnsHere) expect(text).toContain(resources.find((r) => r.arn === arn)!.id);
    }
    const all = buttonsOf(messages);
    expect(all).toHaveLength(1500);
    expect(new Set(all.map((b) => b.arn)).size).toBe(500);
    expect(Math.max(...all.map((b: any) => b.valueLength))).toBeLessThanOrEqual(2_000);
    // block_id is unique within each message (Slack requires it).
    for (const message of messages) {
      const ids = actionsBlocks(message).map((b) => b.block_id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('leaves out the buttons (and says so) when an ARN would not fit in a 2,000-character value', () => {
    const long = resourceLine(1, { arn: `arn:aws:s3:::${'x'.repeat(2_000)}` });
    const message = warningMessages(warningOf([long, resourceLine(2)]), BUTTONS)[0]!;
    expect(buttonsOf([message]).map((b) => b.arn)).toEqual([resourceLine(2).arn, resourceLine(2).arn]);
    expect(JSON.stringify(message.blocks)).toContain('no Keep button (ARN too long): tag it by hand');
  });
});

describe('owners in the warning', () => {
  it('groups by owner: mentioned owners first, then owners without a Slack user, unknown last; names escaped', () => {
    const resources = [
      resourceLine(1),
      resourceLine(2, { owner: { name: 'bob <!channel>', source: 'tag' } }),
      resourceLine(3, { owner: { name: 'alice@example.com', slackUserId: 'U0ALICE', source: 'cloudtrail' } }),
      resourceLine(4, { owner: { name: 'alice', slackUserId: 'U0ALICE', source: 'tag' } }),
      resourceLine(5, { owner: { slackUserId: 'not-an-id>', source: 'tag' } }),
    ];
    const message = warningMessages(warningOf(resources, { ownersResolved: true }), BUTTONS)[0]!;
    const sections = message.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    const titles = sections.filter((s) => /Owner/.test(s)).map((s) => s.split('\n')[0]);
    expect(titles).toEqual([
      ':bust_in_silhouette: *Owner:* <@U0ALICE> (alice@example.com) — 2 resources',
      ':bust_in_silhouette: *Owner:* bob &lt;!channel&gt; (no Slack user found) — 1 resource',
      ':grey_question: *Owner unknown* — 2 resources',
    ]);
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
    expect(JSON.stringify(message.blocks)).not.toContain('not-an-id>');
    expect(buttonsOf([message])).toHaveLength(10);
  });

  it('shows owner lookup problems up front', () => {
    const [message] = warningMessages(
      warningOf([resourceLine(1)], { ownersResolved: true, ownerProblems: ['CloudTrail LookupEvents failed: AccessDenied'] }),
    );
    expect(JSON.stringify(message!.blocks)).toContain('Some owners could not be looked up: CloudTrail LookupEvents failed: AccessDenied');
  });
});

describe('keeps from Slack in the next report', () => {
  it('is news, counted in the header and listed with who kept what until when', () => {
    const report = reportOf({
      keptFromSlack: [
        {
          arn: resourceLine(1).arn,
          typeLabel: 'EC2 instance',
          keptBy: 'U0ALICE',
          until: new Date('2026-11-27T00:00:00Z'),
          at: new Date('2026-11-20T10:00:00Z'),
        },
        { arn: 'arn:aws:s3:::scratch', keptBy: 'U0BOB', until: 'forever', at: new Date('2026-11-20T11:00:00Z') },
      ],
    });
    const message = reportMessages(report)[0]!;
    const text = JSON.stringify(message.blocks);
    expect(message.text).toContain('2 kept from Slack');
    expect(text).toContain('*Kept from Slack (2)*');
    expect(text).toContain(`• *EC2 instance* \`${resourceLine(1).arn}\` · kept by <@U0ALICE> until 2026-11-27 · 2026-11-20T10:00:00Z`);
    expect(text).toContain('`arn:aws:s3:::scratch` · kept by <@U0BOB> for good');
  });
});
