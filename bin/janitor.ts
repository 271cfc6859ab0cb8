#!/usr/bin/env node
import { ConfigError } from '../lambda/config';
import { buildApp, buildMemberApp, wantsMemberStack } from '../lib/app';

try {
  (wantsMemberStack() ? buildMemberApp() : buildApp()).app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // A configuration mistake is the user's to fix, not a crash: name the fields, skip the stack trace.
  process.stderr.write(
    `\n${error.message}\n\nFix the "janitor" context in cdk.json (or the value passed with -c janitor=...) and run again.\n\n`,
  );
  process.exitCode = 1;
}
