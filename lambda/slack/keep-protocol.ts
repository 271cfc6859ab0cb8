import type { KnownBlock } from '@slack/web-api';
import { KEEP_CHOICES, KEEP_LABELS, type KeepChoice, keepButtonValue, MAX_BUTTON_VALUE_CHARS } from '../core/keep-choice';
import { MAX_ACTIONS_PER_BLOCK } from './block-kit';

/**
 * The Keep buttons as Slack carries them: the action ids the keep endpoint answers to and the
 * buttons under a resource line, each with the ARN and the choice as its value (see keep-choice).
 * Shared by the nightly warning and the message rebuilt after a keep, so later clicks work alike.
 * Pure.
 */

/** `action_id` of a Keep button: `janitor-keep-7d`, `janitor-keep-30d`, `janitor-keep-forever`. */
export const KEEP_ACTION_PREFIX = 'janitor-keep-';

/** The Keep buttons of one resource, or undefined when its ARN would not fit in a button value. */
export function keepActions(arn: string, index: number, allowForever: boolean): KnownBlock | undefined {
  const choices = KEEP_CHOICES.filter((c) => c !== 'forever' || allowForever);
  if (choices.some((c) => keepButtonValue(arn, c).length > MAX_BUTTON_VALUE_CHARS)) return undefined;
  return {
    type: 'actions',
    block_id: `janitor-keep-${index}`,
    elements: choices.slice(0, MAX_ACTIONS_PER_BLOCK).map((choice: KeepChoice) => ({
      type: 'button',
      action_id: `${KEEP_ACTION_PREFIX}${choice}`,
      text: { type: 'plain_text', text: KEEP_LABELS[choice], emoji: false },
      value: keepButtonValue(arn, choice),
    })),
  };
}
