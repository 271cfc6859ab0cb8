#!/usr/bin/env node
// `janitor` command: runs the TypeScript CLI through tsx, no build step.
require('tsx/cjs');

const argv = process.argv.slice(2);
// `unmark`, `doctor`, `preview-slack` and `run-now`/`pause`/`resume` have their own entries; everything else (no
// argument, `plan`, bare flags) is plan's, as before.
const runControl = ['run-now', 'pause', 'resume'].includes(argv[0]);
const run =
  argv[0] === 'unmark'
    ? require('../lambda/cli/unmark.ts').unmarkMain(argv.slice(1))
    : argv[0] === 'doctor'
      ? require('../lambda/cli/doctor.ts').doctorMain(argv.slice(1))
      : runControl
        ? require('../lambda/cli/run-control.ts').runControlMain(argv[0], argv.slice(1))
        : argv[0] === 'preview-slack'
          ? require('../lambda/cli/preview-slack.ts').previewSlackMain(argv.slice(1))
          : require('../lambda/cli/plan.ts').main(argv);

run.then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`janitor: ${error?.message ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
