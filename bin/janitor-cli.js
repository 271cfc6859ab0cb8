#!/usr/bin/env node
// `janitor` command: runs the TypeScript CLI through tsx, no build step.
require('tsx/cjs');

require('../lambda/cli/janitor.ts')
  .janitorMain(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`janitor: ${error?.message ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
