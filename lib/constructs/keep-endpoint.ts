import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { JanitorConfig } from '../../lambda/config';
import { LEDGER_PARTITION_KEY, LEDGER_SORT_KEY, LEDGER_TABLE_ENV, LEDGER_TTL_ATTRIBUTE } from '../../lambda/keep/ledger';
import { enabledResourceTypes } from '../../lambda/resources/registry';
import { keepGrants } from '../iam/keep-grants';
import { janitorRoleNames, memberRoleArns } from '../iam/role-names';
import { bundledFunction, janitorEnvironment, slackTokenSecretArn } from './janitor-function';
import { attachGrants } from './packed-policies';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const KEEP_HANDLER_ENTRY = path.join(PROJECT_ROOT, 'lambda', 'keep', 'handler.ts');

export interface KeepEndpointProps {
  /** Validated; `slack.keepButtons` must be set. */
  readonly config: JanitorConfig;
  readonly stackName: string;
}

/**
 * Keep buttons: the warning ledger (DynamoDB) and the Lambda behind the Slack app's Interactivity
 * Request URL. The function acknowledges a verified click and re-invokes itself asynchronously to
 * tag the resource (`janitor:exempt`, `janitor:kept-by`, mark removed) and update the message.
 */
export class KeepEndpoint extends Construct {
  readonly table: dynamodb.Table;
  readonly function: NodejsFunction;
  readonly functionUrl: lambda.FunctionUrl;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: KeepEndpointProps) {
    super(scope, id);
    const { config } = props;
    const keepButtons = config.slack.keepButtons;
    if (!keepButtons) throw new Error('KeepEndpoint needs slack.keepButtons in the configuration');

    // Warning records, replay markers and keeps; every item expires (TTL). Retained on stack
    // deletion: it is the record of who kept what.
    this.table = new dynamodb.Table(this, 'Ledger', {
      partitionKey: { name: LEDGER_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: LEDGER_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: LEDGER_TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // No AWSLambdaBasicExecutionRole: it allows writing to every log group (cdk-nag IAM4/IAM5).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      // Fixed: each member keep role trusts exactly this role's ARN.
      roleName: janitorRoleNames(props.stackName).keep,
      description: 'Untagged-resource janitor keep endpoint: verifies Slack clicks and exempts the clicked resource',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
    );
    // The Slack signing secret (verifies clicks) and the bot token (ephemeral notes, message updates).
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [slackTokenSecretArn(this, keepButtons.signingSecretName), slackTokenSecretArn(this, config.slack.tokenSecretName)],
      }),
    );
    // Replay markers and keeps (PutItem), the clicked message's record (GetItem).
    this.table.grant(this.role, 'dynamodb:PutItem', 'dynamodb:GetItem');

    this.function = bundledFunction(this, 'Function', {
      description: 'Untagged-resource janitor: Slack Keep buttons (verify, acknowledge, then exempt the resource)',
      entry: KEEP_HANDLER_ENTRY,
      memorySize: 512,
      // Slack wants the ack within 3 s; the asynchronous worker tags, records and updates in seconds.
      timeout: Duration.seconds(30),
      // The worker's own invocation (no retries: a failed keep is told to the user, and a blind retry
      // could tell twice). Longer than the work item's 5-minute window on purpose: Lambda drops an
      // over-age event silently, while the worker refuses a stale item with an error (alarm).
      maxEventAge: Duration.minutes(15),
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...janitorEnvironment(props.stackName), [LEDGER_TABLE_ENV]: this.table.tableName },
      config,
    });
    // A bound on what a flood of requests to the public URL can run (bundledFunction has no such prop).
    if (keepButtons.reservedConcurrency !== undefined) {
      (this.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = keepButtons.reservedConcurrency;
    }

    // Authentication NONE on purpose: Slack cannot sign AWS (SigV4) requests. Every request is
    // authenticated by the handler instead: Slack's HMAC-SHA256 request signature with the signing
    // secret, a 5-minute timestamp window and a one-time replay marker, before anything is read.
    this.functionUrl = this.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    // Separate policies (not the role's default policy, which the function depends on): they name
    // the function's own ARN, which would otherwise be a circular dependency.
    const selfInvoke = new iam.Policy(this, 'SelfInvokePolicy', {
      statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] })],
    });
    selfInvoke.attachToRole(this.role);
    // Exempting: the enabled types' tag actions, limited by key (exempt and kept-by on, the mark
    // off), and in a member account the tag-only member keep role (never the sweep's).
    attachGrants(
      this,
      'KeepGrants',
      this.role,
      keepGrants(enabledResourceTypes(config.resourceTypes), {
        memberRoleArns: memberRoleArns(config.targets, config.targets.keepMemberRoleName),
      }),
    );
  }

  /** The nightly function records each warning message it posts. */
  grantLedgerWrite(grantee: iam.IGrantable): iam.Grant {
    return this.table.grant(grantee, 'dynamodb:PutItem');
  }

  /** The nightly function reads the keeps since its last report (`WarningLedger.keepsSince`). */
  grantKeepsRead(grantee: iam.IGrantable): iam.Grant {
    return this.table.grant(grantee, 'dynamodb:Query');
  }
}
