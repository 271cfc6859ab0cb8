import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, type JanitorConfig, parseConfig } from '../lambda/config';
import { type JanitorFile, readJanitorFile } from '../lambda/config/user-file';
import { JanitorStack } from './janitor-stack';
import { JanitorMemberStack } from './member-stack';

export const DEFAULT_STACK_NAME = 'UntaggedResourceJanitor';

export interface BuildAppOptions {
  /** Context as `cdk.json` would give it; omitted: whatever the CDK CLI passes in. */
  readonly context?: Record<string, unknown>;
  /** Cloud assembly directory; omitted: the CLI's, or a temporary one. */
  readonly outdir?: string;
}

export interface JanitorApp {
  readonly app: App;
  readonly stack: JanitorStack;
  readonly config: JanitorConfig;
}

/**
 * Builds the whole CDK app without synthesizing it, so tests can inspect the stack in-process.
 * Throws `ConfigError` (naming each bad field, e.g. `janitor.limits.maxMarksPerRun`) when the
 * `janitor` context is invalid: a bad configuration must never reach a deployment.
 */
export function buildApp(options: BuildAppOptions = {}): JanitorApp {
  // autoSynth off: the caller synthesizes only once the configuration has been accepted.
  const app = new App({ context: options.context, outdir: options.outdir, autoSynth: false });

  // Read once: it gives both the configuration and, maybe, the stack name.
  const file = janitorFile(app);
  const config = parseConfig(janitorContext(app, file));
  const stackName = stackNameFrom(app, file);

  const stack = new JanitorStack(app, stackName, {
    stackName,
    description: 'Untagged-resource janitor: nightly sweep that warns about, marks and deletes resources created outside IaC',
    config,
    // Environment-agnostic unless the CLI knows the account/region (credentials or --profile).
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });

  // cdk-nag 3 is a CDK policy-validation plugin (it replaced the Aspect): any unacknowledged finding,
  // error or warning, fails synthesis.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}

export interface JanitorMemberApp {
  readonly app: App;
  readonly stack: JanitorMemberStack;
  readonly config: JanitorConfig;
}

/** True when the context asks for the member-account stack (`-c janitorMemberOf=<janitor account id>`). */
export function wantsMemberStack(options: BuildAppOptions = {}): boolean {
  const probe = new App({ context: options.context, autoSynth: false, outdir: options.outdir });
  return probe.node.tryGetContext('janitorMemberOf') !== undefined;
}

/**
 * The member-account app: only the role the janitor assumes there, named `<stack name>Member`.
 * Same configuration as the janitor (types, role name, external id), so both always agree.
 */
export function buildMemberApp(options: BuildAppOptions = {}): JanitorMemberApp {
  const app = new App({ context: options.context, outdir: options.outdir, autoSynth: false });
  const file = janitorFile(app);
  const config = parseConfig(janitorContext(app, file));
  const janitorStackName = stackNameFrom(app, file);
  const organizationId: unknown = app.node.tryGetContext('janitorOrganizationId');
  const stack = new JanitorMemberStack(app, `${janitorStackName}Member`, {
    stackName: `${janitorStackName}Member`,
    description: 'Untagged-resource janitor: the role the janitor assumes in this member account',
    config,
    janitorAccountId: String(app.node.tryGetContext('janitorMemberOf')),
    janitorStackName,
    organizationId: organizationId === undefined ? undefined : String(organizationId),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, config };
}

/**
 * The janitor configuration: the file `-c janitorConfig=path/to/janitor.json` names (relative to
 * the working directory; it replaces cdk.json's `janitor`, so upgrading the repo never conflicts
 * with a team's settings), else the `janitor` context: an object from cdk.json, or a JSON string
 * from `-c janitor='{...}'`.
 */
function janitorContext(app: App, file: JanitorFile | undefined): unknown {
  if (file) return file.janitor;
  const raw: unknown = app.node.tryGetContext('janitor');
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new ConfigError([`janitor: the context value is a string but not valid JSON (${(error as Error).message})`]);
  }
}

function janitorFile(app: App): JanitorFile | undefined {
  const file: unknown = app.node.tryGetContext('janitorConfig');
  if (file === undefined) return undefined;
  if (typeof file !== 'string' || file.trim() === '') {
    throw new ConfigError([`janitorConfig: must be the path of a JSON file, got ${JSON.stringify(file)}`]);
  }
  return readJanitorFile(path.resolve(file));
}

/** The file's `context.janitorStackName` (from -c janitorConfig), else the context's, else the default. */
function stackNameFrom(app: App, file: JanitorFile | undefined): string {
  const name: unknown = file?.stackName ?? app.node.tryGetContext('janitorStackName') ?? DEFAULT_STACK_NAME;
  // CloudFormation stack names: letters, digits and hyphens, starting with a letter, at most 128.
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(name)) {
    throw new ConfigError([
      `janitorStackName: must be a CloudFormation stack name (letters, digits, hyphens; starts with a letter), got ${JSON.stringify(name)}`,
    ]);
  }
  return name;
}
