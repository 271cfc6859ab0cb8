#!/usr/bin/env node
// Removes what `npm pack`'s prepack compiled next to the sources (lib/, lambda/): each .js and
// .d.ts whose .ts is beside it, nothing else. Left in place, a stale .js would shadow its .ts.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const sourceOf = (file) =>
  file.endsWith('.d.ts') ? `${file.slice(0, -5)}.ts` : file.endsWith('.js') ? `${file.slice(0, -3)}.ts` : undefined;
let removed = 0;
for (const dir of ['lib', 'lambda']) {
  for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true })) {
    const file = path.join(root, dir, String(entry));
    const source = sourceOf(file);
    if (source && fs.existsSync(source)) {
      fs.rmSync(file);
      removed += 1;
    }
  }
}
process.stderr.write(`clean-build: removed ${removed} compiled files\n`);
