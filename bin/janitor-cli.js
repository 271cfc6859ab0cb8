#!/usr/bin/env node
// `janitor` command. Installed as a package it runs the compiled JavaScript (npm pack compiles it);
// in this repo it runs the TypeScript through tsx, no build step.
const { existsSync } = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'lambda', 'cli', 'janitor.js');
if (!existsSync(compiled)) require('tsx/cjs');

require(existsSync(compiled) ? compiled : '../lambda/cli/janitor.ts')
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
