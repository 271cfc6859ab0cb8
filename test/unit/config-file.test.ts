import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile } from '../../lambda/config/config-file';

describe('the configuration file in the code asset', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-config-spec-'));
  fs.writeFileSync(path.join(dir, 'janitor-config.json'), '{"dryRun": true}');
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"dryRun": tr');

  it('is read from the function root the environment points to', () => {
    expect(readConfigFile({ JANITOR_CONFIG_FILE: 'janitor-config.json', LAMBDA_TASK_ROOT: dir })).toEqual({ dryRun: true });
    expect(readConfigFile({ JANITOR_CONFIG_FILE: path.join(dir, 'janitor-config.json') })).toEqual({ dryRun: true });
  });

  it('says plainly what is missing or wrong', () => {
    expect(() => readConfigFile({})).toThrow(/JANITOR_CONFIG_FILE is not set/);
    expect(() => readConfigFile({ JANITOR_CONFIG_FILE: 'janitor-config.json' })).toThrow(/relative but LAMBDA_TASK_ROOT is not set/);
    expect(() => readConfigFile({ JANITOR_CONFIG_FILE: 'missing.json', LAMBDA_TASK_ROOT: dir })).toThrow(/missing\.json cannot be read/);
    expect(() => readConfigFile({ JANITOR_CONFIG_FILE: 'broken.json', LAMBDA_TASK_ROOT: dir })).toThrow(/broken\.json is not JSON/);
  });
});
