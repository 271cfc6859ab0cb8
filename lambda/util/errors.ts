/** An error as one line for logs, reports and Slack: `Name: message`, or just the message for a plain `Error`. */
export function errorText(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
