/**
 * Cold start: the sweep Lambda bundled exactly as the stack bundles it (LAMBDA_BUNDLE and
 * NodejsFunction's fixed settings: CJS for Node, source map without sources, the AWS SDK bundled),
 * then `require()`d in fresh `node` processes with the function's environment, against a trivial
 * file required the same way.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { parseConfig } from '../lambda/config';
import { CONFIG_FILE_NAME } from '../lambda/config/config-file';
import { HANDLER_ENTRY, janitorEnvironment, LAMBDA_BUNDLE, lambdaBuildOptions } from '../lib/constructs/janitor-function';
import { spread } from './aggregate';
import { REGION, SLACK_CHANNEL } from './settings';

/** Fresh processes per measurement. */
const PROCESSES = 7;

/** Milliseconds `require(file)` takes in a fresh node, `PROCESSES` times, with `env`. */
function requireTimes(file: string, env: Record<string, string>): number[] {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  return Array.from({ length: PROCESSES }, () => {
    const out = execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    return Number(out.trim().split('\n').pop());
  });
}

async function bundleSweep(dir: string): Promise<string> {
  const outfile = join(dir, 'index.js');
  await build({
    ...lambdaBuildOptions(HANDLER_ENTRY, outfile),
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'error',
  });
  return outfile;
}

export async function measureColdStart() {
  const dir = mkdtempSync(join(tmpdir(), 'janitor-bundle-'));
  try {
    const bundle = await bundleSweep(dir);
    const trivial = join(dir, 'trivial.js');
    writeFileSync(trivial, 'module.exports = { handler: async () => undefined };\n');
    writeFileSync(
      join(dir, CONFIG_FILE_NAME),
      JSON.stringify(parseConfig({ slack: { channel: SLACK_CHANNEL, tokenSecretName: 'janitor/slack-bot-token' } })),
    );
    // As Lambda runs it: the function's environment (NODE_OPTIONS=--enable-source-maps included), the task root, the region.
    // Node 24 on Lambda does not print the SDK's Node-version notice that Node 20 here would.
    const lambdaEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...janitorEnvironment('UntaggedResourceJanitor'),
      LAMBDA_TASK_ROOT: dir,
      AWS_REGION: REGION,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const withoutSourceMaps = Object.fromEntries(Object.entries(lambdaEnv).filter(([k]) => k !== 'NODE_OPTIONS'));
    const times = (file: string, env: Record<string, string>) => {
      const runsMs = requireTimes(file, env).map((ms) => Math.round(ms * 10) / 10);
      return { medianMs: spread(runsMs)!.median, runsMs };
    };
    return {
      entry: 'lambda/handlers/sweep.ts',
      esbuild: { ...LAMBDA_BUNDLE, platform: 'node', format: 'cjs', sourcemap: true, sourcesContent: false },
      bytes: statSync(bundle).size,
      sourceMapBytes: statSync(`${bundle}.map`).size,
      processes: PROCESSES,
      requireSweep: times(bundle, lambdaEnv),
      requireSweepWithoutSourceMaps: times(bundle, withoutSourceMaps),
      requireTrivial: times(trivial, lambdaEnv),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type ColdStart = Awaited<ReturnType<typeof measureColdStart>>;
