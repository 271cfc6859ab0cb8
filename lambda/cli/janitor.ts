import { type DoctorDeps, doctorMain } from './doctor';
import { main as planCommandMain } from './plan';
import { previewSlackMain } from './preview-slack';
import { runControlMain } from './run-control';
import { unmarkMain } from './unmark';

/**
 * The `janitor` command (bin/janitor-cli.js): `unmark`, `doctor`, `preview-slack` and
 * `run-now` / `pause` / `resume` have their own entries; everything else (no argument, `plan`,
 * `help`, `--version`, bare flags) is plan's, as it always was.
 */
export function janitorMain(argv: readonly string[], deps: DoctorDeps = {}): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'unmark':
      return unmarkMain(rest, deps);
    case 'doctor':
      return doctorMain(rest, deps);
    case 'preview-slack':
      return previewSlackMain(rest, deps);
    case 'run-now':
    case 'pause':
    case 'resume':
      return runControlMain(command, rest, deps);
    default:
      return planCommandMain(argv, deps);
  }
}
