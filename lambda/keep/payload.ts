import * as z from 'zod';
import { KEEP_CHOICES, type KeepChoice, parseKeepButtonValue } from '../core/keep-choice';
import { KEEP_ACTION_PREFIX } from '../slack/keep-protocol';

/** A Keep button click, as far as the janitor reads it from Slack's `block_actions` payload. */
export interface KeepClick {
  /** Slack user ID of whoever clicked. */
  readonly userId: string;
  readonly channel: string;
  /** ts of the clicked message: with the channel, the key of its ledger record. */
  readonly messageTs: string;
  /** The button's claim; acted on only when the ledger lists it for this message. */
  readonly arn: string;
  readonly choice: KeepChoice;
}

export type ParsedPayload =
  | { readonly kind: 'keep'; readonly click: KeepClick }
  /** Signed and well-formed, but not a Keep click (another interaction): acknowledged, nothing done. */
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'malformed'; readonly reason: string };

const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]+$/) }),
  container: z.object({ type: z.string(), message_ts: z.string().optional(), channel_id: z.string().optional() }).optional(),
  channel: z.object({ id: z.string() }).optional(),
  // Only the ts: the message's text is never read (the update is rebuilt from the ledger).
  message: z.object({ ts: z.string() }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/** Parses the form body Slack posts (`payload=<JSON>`). Pure. */
export function parseInteraction(rawBody: string): ParsedPayload {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (payloadText === null) return { kind: 'malformed', reason: 'no payload field in the form body' };
  let json: unknown;
  try {
    json = JSON.parse(payloadText);
  } catch {
    return { kind: 'malformed', reason: 'payload is not JSON' };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (type !== 'block_actions') return { kind: 'ignored', reason: `interaction type ${String(type)}` };
  const parsed = blockActions.safeParse(json);
  if (!parsed.success) {
    return { kind: 'malformed', reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') };
  }
  const p = parsed.data;
  const keepActions = p.actions.filter((a) => a.action_id.startsWith(KEEP_ACTION_PREFIX));
  const [action, ...others] = keepActions;
  if (action === undefined) return { kind: 'ignored', reason: 'not a Keep button' };
  if (others.length > 0) return { kind: 'malformed', reason: 'more than one Keep action in one payload' };
  const choice = action.action_id.slice(KEEP_ACTION_PREFIX.length);
  const value = action.value === undefined ? undefined : parseKeepButtonValue(action.value);
  if (!value) return { kind: 'malformed', reason: 'Keep button value is not {"arn", "keep"}' };
  if (!(KEEP_CHOICES as readonly string[]).includes(choice) || value.choice !== choice) {
    return { kind: 'malformed', reason: `Keep button ${action.action_id} carries the choice ${value.choice}` };
  }
  const channel = p.container?.channel_id ?? p.channel?.id;
  if (!channel) return { kind: 'malformed', reason: 'no channel in the payload' };
  return {
    kind: 'keep',
    click: {
      userId: p.user.id,
      channel,
      messageTs: p.container?.message_ts ?? p.message.ts,
      arn: value.arn,
      choice: value.choice,
    },
  };
}
