#!/usr/bin/env node
/**
 * Prints the Slack app manifest for the configuration in cdk.json (or --config file.json): exactly
 * the bot scopes its features need, and the interactivity URL when Keep buttons are on.
 * `--keep-url <url>`: the stack's KeepEndpointUrl output.
 *   npx tsx bin/janitor-slack-manifest.ts [--config janitor.json] [--keep-url https://…] > docs/slack-app-manifest.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseConfig } from '../lambda/config';
import { slackAppManifest } from '../lambda/slack/slack-scopes';

const flagValue = (flag: string) => process.argv.find((_, i) => process.argv[i - 1] === flag);
const file = flagValue('--config') ?? path.join(__dirname, '..', 'cdk.json');
const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { context?: { janitor?: unknown } };
const config = parseConfig(raw.context?.janitor ?? raw);
const keepUrl = flagValue('--keep-url');
if (keepUrl !== undefined && !config.slack.keepButtons) {
  // Interactivity is for the Keep buttons: without them the URL would be dropped without a word.
  process.stderr.write(
    `janitor-slack-manifest: --keep-url needs slack.keepButtons in ${file}: set it, run npx cdk deploy, then pass its KeepEndpointUrl output.\n`,
  );
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(slackAppManifest(config, keepUrl), null, 2)}\n`);
