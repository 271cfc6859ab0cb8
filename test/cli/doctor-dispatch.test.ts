import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCTOR_USAGE } from '../../lambda/cli/doctor';
import { COMMANDS_USAGE } from '../../lambda/cli/plan';

describe('janitor doctor, from the janitor command', () => {
  it('is listed among the commands and sent to its own entry by bin/janitor-cli.js', () => {
    expect(COMMANDS_USAGE).toMatch(/^ {2}doctor {3}/m);
    const bin = path.join(__dirname, '..', '..', 'bin', 'janitor-cli.js');
    expect(spawnSync(process.execPath, [bin, 'doctor', '--help'], { encoding: 'utf8' })).toMatchObject({ status: 0, stdout: DOCTOR_USAGE });
  });
});
