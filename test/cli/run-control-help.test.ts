import { describe, expect, it } from 'vitest';
import { main } from '../../lambda/cli/plan';

describe('janitor --help', () => {
  it('lists run-now, pause and resume', async () => {
    let out = '';
    expect(await main(['--help'], { stdout: (t) => (out += t) })).toBe(0);
    expect(out).toMatch(/^ {2}run-now {2}start a run of the deployed janitor now/m);
    expect(out).toMatch(/^ {2}pause {4}disable the nightly schedule/m);
    expect(out).toMatch(/^ {2}resume {3}enable the nightly schedule again/m);
  });
});
