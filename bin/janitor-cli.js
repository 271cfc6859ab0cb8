#!/usr/bin/env node
// `janitor` command: runs the TypeScript CLI through tsx, no build step.
require('tsx/cjs');
const { main } = require('../lambda/cli/plan.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`janitor: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
