import { visibleText } from './slack-text';

/**
 * RFC 4180 CSV for the full lists attached to long warnings and reports. Every cell is someone
 * else's text (names, tags, owners): hidden characters are removed, and a cell a spreadsheet would
 * run as a formula (starting with = + - @, tab or carriage return) is prefixed with an apostrophe.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : defuse(visibleText(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** OWASP's advice against CSV injection: a leading apostrophe makes the cell plain text. */
function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
