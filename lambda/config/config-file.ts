import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The configuration travels as a JSON file inside each function's code asset, written there at
 * synth from the validated configuration: Lambda caps a function's environment at 4 KB in total,
 * which a real organization's exemptions, accounts and owner mappings exceed. The environment
 * keeps only this pointer.
 */
export const CONFIG_FILE_ENV = 'JANITOR_CONFIG_FILE';
export const CONFIG_FILE_NAME = 'janitor-config.json';

/** The raw configuration from the file the environment points to (relative: inside the function's code). */
export function readConfigFile(env: NodeJS.ProcessEnv = process.env): unknown {
  const file = env[CONFIG_FILE_ENV];
  if (!file)
    throw new Error(`${CONFIG_FILE_ENV} is not set: this function expects the configuration file the janitor stack bundles with it`);
  const location = path.isAbsolute(file) ? file : path.join(taskRoot(env, file), file);
  let text: string;
  try {
    text = readFileSync(location, 'utf8');
  } catch (error) {
    throw new Error(`the janitor configuration file ${location} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the janitor configuration file ${location} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

function taskRoot(env: NodeJS.ProcessEnv, file: string): string {
  const root = env.LAMBDA_TASK_ROOT;
  if (!root) throw new Error(`${CONFIG_FILE_ENV}=${file} is relative but LAMBDA_TASK_ROOT is not set`);
  return root;
}
