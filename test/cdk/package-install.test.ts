import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json';

/**
 * The package as a team installs it: `npm pack` (its prepack compiles lib/ and lambda/ next to the
 * sources, its postpack removes that again), unpacked into a plain JavaScript CDK app's
 * node_modules whose other packages are this repo's, minus tsx and typescript: no TypeScript
 * tooling on the consumer's side. Packed from a copy, so the compiled files never appear beside
 * the sources other specs are reading.
 */
const REPO = path.resolve(__dirname, '..', '..');
const WITHOUT = new Set([packageJson.name, 'tsx', 'typescript', '.package-lock.json']);

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('the packed package in a plain JavaScript CDK app', () => {
  let tmp: string;
  let source: string;
  let app: string;
  let installed: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-package-'));
    source = path.join(tmp, 'source');
    for (const entry of [
      ...packageJson.files,
      'package.json',
      'package-lock.json',
      'tsconfig.package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
    ])
      fs.cpSync(path.join(REPO, entry), path.join(source, entry), { recursive: true });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'));
    run('npm', ['pack', '--pack-destination', tmp], source);
    const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;

    app = path.join(tmp, 'app');
    installed = path.join(app, 'node_modules', packageJson.name);
    fs.mkdirSync(installed, { recursive: true });
    run('tar', ['-xzf', path.join(tmp, tarball), '-C', installed, '--strip-components=1'], tmp);
    for (const dep of fs.readdirSync(path.join(REPO, 'node_modules')))
      if (!WITHOUT.has(dep)) fs.symlinkSync(path.join(REPO, 'node_modules', dep), path.join(app, 'node_modules', dep));
  }, 300_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('packs the compiled entry and its types, and leaves no compiled file beside the sources', () => {
    expect(fs.existsSync(path.join(installed, packageJson.main))).toBe(true);
    expect(fs.existsSync(path.join(installed, packageJson.types))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'lambda', 'handlers', 'sweep.ts'))).toBe(true);
    expect(fs.existsSync(path.join(source, 'lib', 'index.js'))).toBe(false);
    expect(fs.existsSync(path.join(source, 'lambda', 'config', 'index.d.ts'))).toBe(false);
  });

  it('synthesizes the janitor with its Lambdas bundled, from require() alone', () => {
    fs.writeFileSync(
      path.join(app, 'app.js'),
      [
        "const { App, Stack } = require('aws-cdk-lib');",
        `const { UntaggedResourceJanitor } = require('${packageJson.name}');`,
        "const app = new App({ outdir: 'cdk.out' });",
        "const stack = new Stack(app, 'Platform', { env: { account: '111122223333', region: 'eu-west-1' } });",
        "new UntaggedResourceJanitor(stack, 'Janitor', { config: { slack: { channel: '#platform', tokenSecretName: 'janitor/slack' } } });",
        'app.synth();',
      ].join('\n'),
    );
    run(process.execPath, ['app.js'], app);
    const template = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'Platform.template.json'), 'utf8'));
    expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
    const bundles = fs
      .readdirSync(path.join(app, 'cdk.out'))
      .filter((d) => d.startsWith('asset.') && fs.existsSync(path.join(app, 'cdk.out', d, 'janitor-config.json')));
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    for (const d of bundles) expect(fs.statSync(path.join(app, 'cdk.out', d, 'index.js')).size).toBeGreaterThan(100_000);
  });

  it("takes aws-cdk-lib and constructs from the app, as peers: one copy, so the app's Stack is the one the construct checks", () => {
    const declared = packageJson as { dependencies: Record<string, string>; peerDependencies?: Record<string, string> };
    expect(Object.keys(declared.peerDependencies ?? {}).sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(declared.dependencies).not.toHaveProperty('aws-cdk-lib');
    expect(declared.dependencies).not.toHaveProperty('constructs');
  });

  it('runs the janitor command without tsx', () => {
    expect(run(process.execPath, [path.join(installed, 'bin', 'janitor-cli.js'), '--version'], app)).toBe(
      `janitor ${packageJson.version}\n`,
    );
  });
});
