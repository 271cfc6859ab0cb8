/**
 * Text from AWS or from whoever tagged a resource, made safe for Slack mrkdwn: invisible characters
 * removed, one line, bounded, escaped. Every such text in a message goes through `escapeMrkdwn`.
 */

/** Line and paragraph breaks become spaces, so words stay apart and a line stays one line. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/**
 * Controls, format characters (bidi controls, zero-width characters, tag characters), every other
 * default-ignorable code point (variation selectors, Hangul fillers) and lone surrogates: they
 * render as nothing, yet can reorder or disguise the text around them.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/gu;

/** The text without invisible characters; what a reader sees is all there is. */
export function visibleText(text: string): string {
  return text.replace(BREAKS, ' ').replace(INVISIBLE, '');
}

/** Slack's three control characters, after the invisible ones are gone. */
export function escapeMrkdwn(text: string): string {
  return visibleText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One visible line of at most `max` characters: newlines would break the one-line-per-resource layout. */
export function clip(text: string, max: number): string {
  const flat = visibleText(text).replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max - 1);
  // Do not leave half of a surrogate pair (emoji) behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Clipped before escaping, so an entity is never cut in half. */
export function userText(text: string, max: number): string {
  return escapeMrkdwn(clip(text, max));
}

/** Inline code; backticks inside would end the code span early. */
export function codeText(text: string, max: number): string {
  return inlineCode(clip(text, max));
}

/** Inline code of a text shown whole, not clipped (an ARN the janitor recorded itself). */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;
}

/** A Slack user ID, safe to mention as `<@id>`; anything else is shown as text, never as a mention. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
