import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from './schema';

/** What a user's configuration file holds: the janitor object, and the stack name if it says one. */
export interface JanitorFile {
  readonly janitor: unknown;
  readonly stackName?: unknown;
}

/**
 * A configuration file outside the repo (`-c janitorConfig=…`, `janitor plan --config …`): either the
 * `janitor` object itself or a cdk.json-like file with `context.janitor` (and `context.janitorStackName`).
 * Throws ConfigError naming the file.
 */
export function readJanitorFile(file: string): JanitorFile {
  if (!existsSync(file)) throw new ConfigError([`janitorConfig: the file ${file} does not exist`]);
  let raw: { context?: { janitor?: unknown; janitorStackName?: unknown } } | null;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`janitorConfig: ${file} is not valid JSON (${(error as Error).message})`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`janitorConfig: ${file} must hold a JSON object (the janitor configuration), got ${JSON.stringify(raw)}`]);
  }
  if (!raw.context) return { janitor: raw };
  if (raw.context.janitor === undefined) throw new ConfigError([`janitorConfig: ${file} has a "context" without "janitor"`]);
  return { janitor: raw.context.janitor, stackName: raw.context.janitorStackName };
}
