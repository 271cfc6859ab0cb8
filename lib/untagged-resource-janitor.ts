import { Construct } from 'constructs';
import { ConfigError, type JanitorConfig, type JanitorConfigInput, parseConfig } from '../lambda/config';
import { janitorRoleNames, MAX_ROLE_NAME } from './iam/role-names';
import { addJanitorParts, type JanitorParts } from './janitor-parts';

export const DEFAULT_JANITOR_NAME = 'UntaggedResourceJanitor';

export interface UntaggedResourceJanitorProps {
  /** The configuration as cdk.json's `janitor` context holds it; validated here (a bad value throws `ConfigError`). */
  readonly config: JanitorConfigInput;
  /**
   * Names its roles (`<name>-sweep`, `<name>-keep`, which member roles trust by exact ARN) and its
   * dashboard, and exempts resources named with it. Member stacks must be given the same
   * (`-c janitorStackName=<name>`). Default `UntaggedResourceJanitor`.
   */
  readonly name?: string;
}

/**
 * The whole janitor inside a team's own stack: one per stack, since its outputs have fixed keys
 * (`StateMachineArn`, `ScheduleName`, … which `janitor run-now --stack <that stack>` reads).
 */
export class UntaggedResourceJanitor extends Construct {
  readonly config: JanitorConfig;
  /** Everything the janitor is (its function, audit bucket, run, alarms, schedule, dashboard, Keep endpoint). */
  readonly parts: JanitorParts;

  constructor(scope: Construct, id: string, props: UntaggedResourceJanitorProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_JANITOR_NAME;
    checkName(name);
    this.config = parseConfig(props.config);
    this.parts = addJanitorParts(this, { config: this.config, name });
  }
}

function checkName(name: string): void {
  // Letters, digits and hyphens: valid in role, dashboard and function names alike.
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) {
    throw new ConfigError([`name: letters, digits and hyphens, starting with a letter, got ${JSON.stringify(name)}`]);
  }
  const longest = janitorRoleNames('').sweep.length;
  if (name.length + longest > MAX_ROLE_NAME) {
    throw new ConfigError([
      `name: at most ${MAX_ROLE_NAME - longest} characters (its roles are named after it), got ${JSON.stringify(name)}`,
    ]);
  }
}
