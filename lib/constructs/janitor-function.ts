import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ConfigError, type JanitorConfig } from '../../lambda/config';
import { CONFIG_FILE_ENV, CONFIG_FILE_NAME } from '../../lambda/config/config-file';
import { enabledResourceTypes } from '../../lambda/resources/registry';
import { janitorRoleNames, memberRoleArns } from '../iam/role-names';
import type { AuditBucket } from './audit-bucket';
import { JanitorRole } from './janitor-role';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** The sweep: one night in one (account, region). */
export const HANDLER_ENTRY = path.join(PROJECT_ROOT, 'lambda', 'handlers', 'sweep.ts');
export const LAMBDA_HANDLERS_DIR = path.join(PROJECT_ROOT, 'lambda', 'handlers');
export const SERVICE_NAME = 'untagged-resource-janitor';
/**
 * The lockfile in this repo; installed as a package (npm never packs package-lock.json), its
 * package.json: the bundles use no `nodeModules`, so the file only anchors the project root and
 * the asset hash.
 */
const DEPS_LOCK_FILE = [path.join(PROJECT_ROOT, 'package-lock.json'), path.join(PROJECT_ROOT, 'package.json')].find((f) => existsSync(f));

export interface BundledFunctionProps {
  readonly description: string;
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** How long an asynchronous invocation may wait to start; default one hour. */
  readonly maxEventAge?: Duration;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  readonly environment: Record<string, string>;
  /** Written into the code asset as the configuration file the function reads at cold start. */
  readonly config: JanitorConfig;
}

/** A janitor Lambda: Node.js 24 on arm64, bundled by the local esbuild, never retried on async invoke. */
/**
 * esbuild settings of every Lambda bundle (the benchmark bundles with the same). The SDK's ES
 * module builds first: esbuild drops more of them, which halves the bundle and its load time
 * (sweep: 4.2 MB / ~460 ms to 2.2 MB / ~190 ms to require() on a 2-core machine; see bench/RESULTS.md).
 */
export const LAMBDA_BUNDLE = { minify: true, target: 'node24', mainFields: ['module', 'main'] } as const;

/** esbuild options that bundle `entry` as the stack does, for specs and the bench that bundle it themselves. */
export function lambdaBuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    minify: LAMBDA_BUNDLE.minify,
    target: LAMBDA_BUNDLE.target,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    outfile,
  };
}

export function bundledFunction(scope: Construct, id: string, props: BundledFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, id, {
    description: props.description,
    entry: props.entry,
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: DEPS_LOCK_FILE,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    // No reserved concurrency: new accounts (quota 10) could not deploy it, and an overlapping
    // run is harmless because every action re-reads tags and marks are idempotent.
    // A failed step fails its execution (or its target) visibly; re-running blindly could repeat half-done deletions.
    retryAttempts: 0,
    maxEventAge: props.maxEventAge ?? Duration.hours(1),
    role: props.role,
    logGroup: props.logGroup,
    environment: props.environment,
    bundling: {
      // Local esbuild (a dependency) only: there is no Docker engine in this project's tooling.
      forceDockerBundling: false,
      minify: LAMBDA_BUNDLE.minify,
      sourceMap: true,
      sourcesContent: false,
      target: LAMBDA_BUNDLE.target,
      format: OutputFormat.CJS,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      // Ship the SDK versions we test against instead of the runtime's: the plug-ins and
      // aws-sdk-client-mock tests assume the lockfile's @aws-sdk/@smithy versions, and a
      // nightly job does not care about the extra cold-start milliseconds.
      bundleAwsSDK: true,
      commandHooks: configFileHooks(props.config),
    },
  });
}

/**
 * Bundling hooks that put the validated configuration next to the bundle as `janitor-config.json`
 * (a file, not the environment: Lambda caps a function's environment at 4 KB in total). Written to a
 * synth-time file first and copied in, so no shell quoting touches the JSON. The asset hash covers
 * the bundle's output, so a configuration change updates the function.
 */
export function configFileHooks(config: JanitorConfig): ICommandHooks {
  const json = JSON.stringify(config);
  // Named by its content: every synth of the same configuration reuses one file.
  const staged = path.join(tmpdir(), `janitor-config-${createHash('sha256').update(json).digest('hex').slice(0, 16)}.json`);
  writeFileSync(staged, json);
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [`cp "${staged}" "${path.join(outputDir, CONFIG_FILE_NAME)}"`],
  };
}

/** Lambda rejects a function whose environment variables total more than 4 KB. */
const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

export interface JanitorFunctionProps {
  readonly config: JanitorConfig;
  /** Passed to the Lambda so it never sweeps its own stack's resources. */
  readonly stackName: string;
  /** Where each run writes its audit record. */
  readonly auditBucket: AuditBucket;
}

/** The nightly janitor Lambda with its log group and least-privilege role. */
export class JanitorFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: JanitorRole;

  constructor(scope: Construct, id: string, props: JanitorFunctionProps) {
    super(scope, id);
    const { config } = props;

    // Explicit so retention is bounded; retained on stack deletion because it is the record of
    // what the janitor deleted. CloudWatch Logs encrypts it at rest with its service-managed key.
    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.role = new JanitorRole(this, 'ExecutionRole', {
      resourceTypes: enabledResourceTypes(config.resourceTypes),
      // Fixed: each member sweep role trusts exactly this role's ARN.
      roleName: janitorRoleNames(props.stackName).sweep,
      slackTokenSecretArn: slackTokenSecretArn(this, config.slack.tokenSecretName),
      logGroup: this.logGroup,
      memberRoleArns: memberRoleArns(config.targets, config.targets.memberRoleName),
      lookUpOwnersInCloudTrail: config.owners.fromCloudTrail,
      resourceExplorerPrecheck: config.targets.resourceExplorerPrecheck,
      protectedBuckets: config.protections.buckets,
      // Stacks only: the state files are read once per run by the plan step's role.
      iac: { cloudFormation: config.iac.cloudFormation.enabled, stateSources: [] },
    });

    this.function = bundledFunction(this, 'Function', {
      description:
        'Untagged-resource janitor sweep: warns about, marks and deletes resources created outside IaC in one account and region',
      entry: HANDLER_ENTRY,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      role: this.role.role,
      logGroup: this.logGroup,
      environment: { ...janitorEnvironment(props.stackName), JANITOR_AUDIT_BUCKET: props.auditBucket.bucket.bucketName },
      config,
    });
    props.auditBucket.grantWriteRecords(this.role.role);
    props.auditBucket.grantAnnouncements(this.role.role);
    props.auditBucket.grantEvidenceSizes(this.role.role);
    // Besides the bucket policy: the bucket type's deletes on "*" never reach the audit bucket.
    props.auditBucket.denyDestructiveActionsIn(this.role.role);
  }
}

/**
 * The Lambda's environment: small pointers only (the configuration is a file in the code asset).
 * Fails synth, not the deployment, should it ever exceed Lambda's 4 KB.
 */
export function janitorEnvironment(stackName: string): Record<string, string> {
  const environment: Record<string, string> = {
    [CONFIG_FILE_ENV]: CONFIG_FILE_NAME,
    JANITOR_STACK_NAME: stackName,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    NODE_OPTIONS: '--enable-source-maps',
  };
  const bytes = Object.entries(environment).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
    throw new ConfigError([
      `janitor: the functions' environment is ${bytes} bytes, above Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}-byte limit; shorten the stack name`,
    ]);
  }
  return environment;
}

/** Secrets Manager ends a secret's ARN with "-" and six random characters after its name. */
const SECRET_ARN_SUFFIX = '-??????';
const COMPLETE_SECRET_ARN = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:.+-[A-Za-z0-9]{6}$/;

/**
 * The ARN to grant for `slack.tokenSecretName`, which is a secret name, a partial ARN or a
 * complete ARN. Names and partial ARNs get the `-??????` suffix (exactly six characters, unlike
 * `Secret.fromSecretNameV2`'s `name*`, which would also match `name-other-secret`).
 */
export function slackTokenSecretArn(scope: Construct, nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) {
    return Stack.of(scope).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      resourceName: `${nameOrArn}${SECRET_ARN_SUFFIX}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
  // An ARN ending in "-" plus six characters is taken as complete; a name that itself ends that way
  // given as a partial ARN would be granted too narrowly, which fails closed (AccessDenied).
  return COMPLETE_SECRET_ARN.test(nameOrArn) ? nameOrArn : `${nameOrArn}${SECRET_ARN_SUFFIX}`;
}
