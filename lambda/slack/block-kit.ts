import type { KnownBlock } from '@slack/web-api';
import { clip, escapeMrkdwn } from './slack-text';

/**
 * Block Kit primitives and Slack's size limits: section, context and header blocks, and the
 * splitting of titled lists into as few messages as the limits allow. Pure. The notifier posts the
 * first message to the channel and the rest as thread replies.
 */

export interface SlackMessage {
  /** Notification / fallback text: a short summary. */
  text: string;
  blocks: KnownBlock[];
  /** ARNs that carry Keep buttons in this message: what the warning ledger records for it. */
  keepArns?: string[];
}

/** Slack allows 25 elements in an actions block; a line carries at most three buttons. */
export const MAX_ACTIONS_PER_BLOCK = 25;
/** Slack allows 50 blocks; the margin leaves room for a future block without re-tuning the split. */
export const MAX_BLOCKS_PER_MESSAGE = 45;
/** Slack allows 3,000 characters in a section's text. */
export const MAX_SECTION_TEXT_CHARS = 2_900;
/** Slack's limit for a header block's text. */
export const MAX_HEADER_CHARS = 150;
/** `msg_blocks_too_long` has been seen near 13k characters in total, below the documented limits. */
export const MAX_MESSAGE_TEXT_CHARS = 10_000;
/** The fallback `text` shows up in notifications: keep it short. */
export const MAX_FALLBACK_TEXT_CHARS = 300;

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

export function headerBlock(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** Tells channel readers the list goes on; the budget reserves room for it on every first page. */
function threadNote(moreParts: number): KnownBlock {
  return context(`:thread: The list continues in this message's thread (${moreParts} more ${plural(moreParts, 'part', 'parts')}).`);
}

/** Characters Slack counts towards a message: every `text` string anywhere in the blocks. */
export function blocksTextLength(blocks: readonly unknown[]): number {
  const count = (value: unknown, key?: string): number => {
    if (typeof value === 'string') return key === 'text' ? value.length : 0;
    if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + count(item), 0);
    if (value && typeof value === 'object') {
      return Object.entries(value).reduce<number>((sum, [k, v]) => sum + count(v, k), 0);
    }
    return 0;
  };
  return count(blocks);
}

/** A titled list; the title repeats, marked "continued", when the list spills into another message. */
export interface ListGroup {
  readonly title: string;
  readonly lines: readonly ListLine[];
}

/**
 * A line of text, or a line with blocks that follow it (a resource's Keep buttons): such a line is
 * a section of its own, never merged with its neighbours, and always on the same page as its blocks.
 */
export type ListLine = string | { readonly text: string; readonly after: readonly KnownBlock[]; readonly arn: string };

interface PageSection {
  text: string;
  readonly after: readonly KnownBlock[];
  readonly arns: readonly string[];
}

export interface Layout {
  /** Plain text, without the part suffix. */
  readonly header: string;
  /** Raw (unescaped) summary, without the part suffix. */
  readonly fallback: string;
  /** After the header of the first message. */
  readonly firstLead: readonly KnownBlock[];
  /** At the end of the first message (the keep instructions, shown once). */
  readonly firstTrail: readonly KnownBlock[];
  /** After the header of every later message. */
  readonly continuationLead: readonly KnownBlock[];
  readonly groups: readonly ListGroup[];
}

/**
 * Packs the lines of every group into section texts, and the sections into as few messages as the
 * limits allow. Budgets reserve a full-length header because "(part n of N)" is only known at the end.
 */
export function paginate(layout: Layout): SlackMessage[] {
  const pages: PageSection[][] = [];
  let sections: PageSection[] = [];
  let blocksLeft = 0;
  let charsLeft = 0;
  /** Index of the group whose lines the page's last section holds, -1 when none on this page. */
  let openGroup = -1;

  const openPage = () => {
    const first = pages.length === 0;
    const fixed = first ? [...layout.firstLead, threadNote(99), ...layout.firstTrail] : layout.continuationLead;
    sections = [];
    pages.push(sections);
    blocksLeft = MAX_BLOCKS_PER_MESSAGE - 1 - fixed.length;
    charsLeft = MAX_MESSAGE_TEXT_CHARS - MAX_HEADER_CHARS - blocksTextLength(fixed);
    openGroup = -1;
  };

  const startSection = (text: string, item: Exclude<ListLine, string> | undefined): boolean => {
    const after = item?.after ?? [];
    const chars = text.length + blocksTextLength(after);
    if (blocksLeft < 1 + after.length || chars > charsLeft || text.length > MAX_SECTION_TEXT_CHARS) return false;
    sections.push({ text, after, arns: item ? [item.arn] : [] });
    blocksLeft -= 1 + after.length;
    charsLeft -= chars;
    return true;
  };

  openPage();
  layout.groups.forEach((group, groupIndex) => {
    let titleShown = false;
    for (const entry of group.lines) {
      const line = typeof entry === 'string' ? entry : entry.text;
      const item = typeof entry === 'string' ? undefined : entry;
      const last = openGroup === groupIndex ? sections.at(-1) : undefined;
      if (last) {
        const addition = `\n${line}`;
        // A line with its own blocks (buttons) stands alone: the blocks must follow it directly.
        if (
          !item &&
          last.after.length === 0 &&
          last.text.length + addition.length <= MAX_SECTION_TEXT_CHARS &&
          addition.length <= charsLeft
        ) {
          last.text += addition;
          charsLeft -= addition.length;
          continue;
        }
        // Same page, new section: the title above still applies.
        if (startSection(line, item)) continue;
      } else {
        const title = titleShown ? `${group.title} _(continued)_` : group.title;
        if (startSection(`${title}\n${line}`, item)) {
          titleShown = true;
          openGroup = groupIndex;
          continue;
        }
      }
      openPage();
      const title = titleShown ? `${group.title} _(continued)_` : group.title;
      if (!startSection(`${title}\n${line}`, item)) {
        // Unreachable while the field caps above stay far below the section limit.
        throw new Error(`Slack message line does not fit in an empty message (${line.length} characters)`);
      }
      titleShown = true;
      openGroup = groupIndex;
    }
  });

  const total = pages.length;
  return pages.map((pageSections, index) => {
    const first = index === 0;
    const part = total > 1 ? ` (part ${index + 1} of ${total})` : '';
    const blocks: KnownBlock[] = [
      headerBlock(clip(layout.header, MAX_HEADER_CHARS - part.length) + part),
      ...(first ? layout.firstLead : layout.continuationLead),
      ...pageSections.flatMap((s) => [section(s.text), ...s.after]),
      ...(first && total > 1 ? [threadNote(total - 1)] : []),
      ...(first ? layout.firstTrail : []),
    ];
    const keepArns = pageSections.flatMap((s) => s.arns);
    // Clipped before escaping so an entity is never cut in half; escaping may add a few characters.
    return {
      text: escapeMrkdwn(clip(layout.fallback, MAX_FALLBACK_TEXT_CHARS - part.length)) + part,
      blocks,
      ...(keepArns.length > 0 ? { keepArns } : {}),
    };
  });
}
