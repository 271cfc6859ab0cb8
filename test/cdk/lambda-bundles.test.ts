import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { LAMBDA_HANDLERS_DIR, lambdaBuildOptions } from '../../lib/constructs/janitor-function';
import { KEEP_HANDLER_ENTRY } from '../../lib/constructs/keep-endpoint';

/** Each Lambda bundled as the stack bundles it (same esbuild settings), then loaded in a fresh Node. */
const ENTRIES = {
  sweep: path.join(LAMBDA_HANDLERS_DIR, 'sweep.ts'),
  plan: path.join(LAMBDA_HANDLERS_DIR, 'plan.ts'),
  report: path.join(LAMBDA_HANDLERS_DIR, 'report.ts'),
  keep: KEEP_HANDLER_ENTRY,
};

/**
 * A guard against an accidental CommonJS build of the SDK (which doubles the bundle), not a goal:
 * the sweep bundle carries every plug-in's SDK client, about 0.1-0.25 MB each: 2.68 MB at 59 types,
 * 3.25 MB at 65 (2.5 MB was the target at 33).
 */
const MAX_SWEEP_BUNDLE_BYTES = 4e6;

const out = mkdtempSync(path.join(tmpdir(), 'janitor-bundles-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const built = new Map<string, string>();

function bundle(name: string, entry: string): string {
  const done = built.get(entry);
  if (done) return done;
  const outfile = path.join(out, `${name}.js`);
  buildSync({ ...lambdaBuildOptions(entry, outfile), logLevel: 'silent' });
  built.set(entry, outfile);
  return outfile;
}

describe('the Lambda bundles (ES-module builds of the SDK first)', () => {
  it.each(Object.entries(ENTRIES))('%s loads in a fresh Node and exports its handler', (name, entry) => {
    const file = bundle(name, entry);
    const exported = execFileSync(process.execPath, ['-e', `process.stdout.write(typeof require(${JSON.stringify(file)}).handler)`], {
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    }).toString();
    expect(exported).toBe('function');
  });

  it(`keeps the sweep bundle under ${MAX_SWEEP_BUNDLE_BYTES / 1e6} MB`, () => {
    expect(statSync(bundle('sweep', ENTRIES.sweep)).size).toBeLessThan(MAX_SWEEP_BUNDLE_BYTES);
  });
});
