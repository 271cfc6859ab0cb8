import type { CliDeps } from '../../lambda/cli/plan';

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs a CLI entry (`main(argv, deps)`) in-process, capturing stdout and stderr. */
export async function runCli<Extra extends object = object>(
  entry: (argv: string[], deps: CliDeps & Extra) => Promise<number>,
  argv: string[],
  deps: Omit<CliDeps, 'stdout' | 'stderr'> & Extra,
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await entry(argv, { ...deps, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}
