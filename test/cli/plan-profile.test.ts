import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../lambda/cli/plan';
import type { Plan } from '../../lambda/cli/plan-engine';
import { FakeAccount } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';

const REPO = path.resolve(__dirname, '..', '..');

describe('janitor plan --profile', () => {
  let restore: () => void;
  let dir: string;

  beforeEach(() => {
    restore = installFakeAws(new FakeAccount());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-profile-'));
    fs.writeFileSync(path.join(dir, 'config'), '[default]\nregion = eu-west-1\n\n[profile sandbox]\nregion = ap-southeast-2\n');
    vi.stubEnv('AWS_CONFIG_FILE', path.join(dir, 'config'));
    // Unset (an empty AWS_REGION would count as a region).
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    restore();
    vi.unstubAllEnvs();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function plannedRegions(argv: string[]): Promise<string[]> {
    let out = '';
    const code = await main(argv, {
      stdout: (t) => (out += t),
      stderr: () => {},
      isTTY: false,
      env: process.env,
      cwd: REPO,
      credentials: async () => ({ accessKeyId: 'AKIDPLANTEST', secretAccessKey: 'secret' }),
    });
    expect(code).toBe(0);
    return (JSON.parse(out) as Plan).regions.map((r) => r.region);
  }

  it("plans in the profile's region when no --region is given", async () => {
    expect(await plannedRegions(['plan', '--json'])).toEqual(['eu-west-1']);
    expect(await plannedRegions(['plan', '--profile', 'sandbox', '--json'])).toEqual(['ap-southeast-2']);
  });

  it('an explicit --region wins over the profile', async () => {
    expect(await plannedRegions(['plan', '--profile', 'sandbox', '--region', 'us-east-1', '--json'])).toEqual(['us-east-1']);
  });
});
