import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ConfigError, type JanitorConfig } from '../../lambda/config';
import { enabledResourceTypes } from '../../lambda/resources/registry';
import type { AuditBucket } from './audit-bucket';
import { JanitorRole } from './janitor-role';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const HANDLER_ENTRY = path.join(PROJECT_ROOT, 'lambda', 'handler.ts');
export const SERVICE_NAME = 'untagged-resource-janitor';

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
      slackTokenSecretArn: slackTokenSecretArn(this, config.slack.tokenSecretName),
      logGroup: this.logGroup,
    });

    this.function = new NodejsFunction(this, 'Function', {
      description: 'Untagged-resource janitor: warns about, marks and deletes resources created outside IaC',
      entry: HANDLER_ENTRY,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      // No reserved concurrency: new accounts (quota 10) could not deploy it, and an overlapping
      // run is harmless because every action re-reads tags and marks are idempotent.
      // A failed night raises the Errors alarm; re-running blindly could repeat half-done deletions.
      retryAttempts: 0,
      // A throttled invocation waits at most an hour, then is dropped (the Throttles alarm says so)
      // instead of starting hours late.
      maxEventAge: Duration.hours(1),
      role: this.role.role,
      logGroup: this.logGroup,
      environment: { ...janitorEnvironment(config, props.stackName), JANITOR_AUDIT_BUCKET: props.auditBucket.bucket.bucketName },
      bundling: {
        // Local esbuild (devDependency) only: there is no Docker engine in this project's tooling.
        forceDockerBundling: false,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        target: 'node24',
        format: OutputFormat.CJS,
        // Ship the SDK versions we test against instead of the runtime's: the plug-ins and
        // aws-sdk-client-mock tests assume the lockfile's @aws-sdk/@smithy versions, and a
        // nightly job does not care about the extra cold-start milliseconds.
        bundleAwsSDK: true,
      },
    });
    props.auditBucket.grantWriteRecords(this.role.role);
  }
}

/** The Lambda's environment; fails synth (not the deployment) when it would exceed Lambda's 4 KB. */
export function janitorEnvironment(config: JanitorConfig, stackName: string): Record<string, string> {
  const environment: Record<string, string> = {
    JANITOR_CONFIG: JSON.stringify(config),
    JANITOR_STACK_NAME: stackName,
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    NODE_OPTIONS: '--enable-source-maps',
  };
  const bytes = Object.entries(environment).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > LAMBDA_ENVIRONMENT_LIMIT_BYTES) {
    throw new ConfigError([
      `janitor: the configuration serializes to ${bytes} bytes of Lambda environment, above Lambda's ${LAMBDA_ENVIRONMENT_LIMIT_BYTES}-byte limit; shorten exemptions.arnPatterns or compliance.requiredTags`,
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
