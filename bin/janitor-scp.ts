#!/usr/bin/env node
/**
 * Prints the service control policy that lets only the janitor's roles write or remove janitor:*
 * tags, for the configuration in cdk.json. `--account <id>`: the janitor's account (tighter);
 * `--also-allow <principal ARN pattern>` (repeatable): e.g. a break-glass role that runs `janitor unmark`.
 *   npx tsx bin/janitor-scp.ts [--account 111111111111] [--also-allow arn:aws:iam::*:role/BreakGlass] > docs/janitor-scp.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../lambda/config';
import { RESOURCE_TYPES } from '../lambda/resources/registry';
import { DEFAULT_STACK_NAME } from '../lib/app';
import { janitorScpFor } from '../lib/iam/scp';

const cdkJson = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
const valuesOf = (flag: string) =>
  process.argv.flatMap((arg, i) => (arg === flag && process.argv[i + 1] ? [process.argv[i + 1] as string] : []));
const [account] = valuesOf('--account');
if (account !== undefined && !/^\d{12}$/.test(account)) throw new Error(`--account: a 12-digit account id, got ${JSON.stringify(account)}`);
const config = parseConfig(cdkJson.context.janitor);
const stackName = String(cdkJson.context.janitorStackName ?? DEFAULT_STACK_NAME);
// Every registered type, not only the enabled ones: a type enabled later is covered already.
process.stdout.write(`${JSON.stringify(janitorScpFor(RESOURCE_TYPES, config, stackName, account, valuesOf('--also-allow')), null, 2)}\n`);
