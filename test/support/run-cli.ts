import type { CliDeps } from '../../lambda/cli/plan';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs a CLI entry (`main(argv, deps)`) in-process, capturing stdout and stderr. */
export async function runCli(
  entry: (argv: string[], deps: CliDeps) => Promise<number>,
  argv: string[],
  deps: Omit<CliDeps, 'stdout' | 'stderr'>,
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await entry(argv, { ...deps, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
