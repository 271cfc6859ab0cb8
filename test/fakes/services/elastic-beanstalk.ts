import {
  type ConfigurationOptionSetting,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  ElasticBeanstalkClient,
  type EnvironmentDescription,
  type EnvironmentHealth,
  type EnvironmentStatus,
  ListTagsForResourceCommand,
  TerminateEnvironmentCommand,
  UpdateTagsForResourceCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * Elastic Beanstalk environments (`elasticbeanstalk:environment`). TerminateEnvironment moves an
 * environment to Terminating; `finishBeanstalkTerminations` plays the minutes after.
 *
 * Every environment carries three system tags Beanstalk writes and no one can remove
 * (elasticbeanstalk:environment-id, elasticbeanstalk:environment-name, Name). They are kept apart
 * from the account's tags, in `data.systemTags`, and ListTagsForResource returns both; whether the
 * tagging API returns them too is for a spec to say (it puts them among the account's tags).
 */

const ENVIRONMENT = 'elasticbeanstalk:environment';

export interface SeedEnvironmentOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  application?: string;
  status?: EnvironmentStatus;
  health?: EnvironmentHealth;
  tier?: 'WebServer' | 'Worker';
  /** Names of environments it links to (EnvironmentLinks). */
  linksTo?: string[];
  abortableOperationInProgress?: boolean;
  /** Option settings besides the defaults the fake reports (HasCoupledDatabase false, an instance type). */
  settings?: ConfigurationOptionSetting[];
  /** The aws:cloudformation:* tags of Beanstalk's own stack for it, among its system tags. */
  ownStackTags?: boolean;
}

const DEFAULT_SETTINGS: readonly ConfigurationOptionSetting[] = [
  { Namespace: 'aws:autoscaling:launchconfiguration', OptionName: 'InstanceType', Value: 't3.micro' },
  { Namespace: 'aws:elasticbeanstalk:environment', OptionName: 'EnvironmentType', Value: 'LoadBalanced' },
  { Namespace: 'aws:rds:dbinstance', OptionName: 'HasCoupledDatabase', Value: 'false' },
];

/** A coupled RDS database with the given deletion policy, as option settings. */
export function coupledDatabaseSettings(deletionPolicy?: 'Snapshot' | 'Delete' | 'Retain'): ConfigurationOptionSetting[] {
  return [
    { Namespace: 'aws:rds:dbinstance', OptionName: 'HasCoupledDatabase', Value: 'true' },
    { Namespace: 'aws:rds:dbinstance', OptionName: 'DBEngine', Value: 'postgres' },
    { Namespace: 'aws:rds:dbinstance', OptionName: 'DBPassword', Value: 'hunter22' },
    ...(deletionPolicy ? [{ Namespace: 'aws:rds:dbinstance', OptionName: 'DBDeletionPolicy', Value: deletionPolicy }] : []),
  ];
}

/** Settings merged by namespace and name, the later winning. */
function merged(...lists: readonly (readonly ConfigurationOptionSetting[])[]): ConfigurationOptionSetting[] {
  const byKey = new Map<string, ConfigurationOptionSetting>();
  for (const o of lists.flat()) byKey.set(`${o.Namespace}|${o.OptionName}`, o);
  return [...byKey.values()];
}

export function seedEnvironment(account: FakeAccount, options: SeedEnvironmentOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const name = options.name ?? account.nextId('env-');
  const application = options.application ?? 'shop';
  const id = `e-${account.nextId('').padStart(10, '0')}`;
  const stack = `awseb-${id}-stack`;
  return account.put({
    type: ENVIRONMENT,
    arn: buildArn('elasticbeanstalk', region, account.accountId, `environment/${application}/${name}`),
    region,
    tags: options.tags,
    data: {
      id,
      name,
      application,
      status: options.status ?? 'Ready',
      health: options.health ?? 'Green',
      tier: options.tier ?? 'WebServer',
      links: (options.linksTo ?? []).map((EnvironmentName) => ({ LinkName: `LINK_${EnvironmentName}`, EnvironmentName })),
      abortable: options.abortableOperationInProgress ?? false,
      settings: merged(DEFAULT_SETTINGS, options.settings ?? []),
      createdAt: options.createdAt ?? new Date(),
      systemTags: {
        'elasticbeanstalk:environment-id': id,
        'elasticbeanstalk:environment-name': name,
        Name: name,
        ...(options.ownStackTags
          ? {
              'aws:cloudformation:stack-name': stack,
              'aws:cloudformation:stack-id': `arn:aws:cloudformation:${region}:${account.accountId}:stack/${stack}/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
              'aws:cloudformation:logical-id': 'AWSEBEnvironment',
            }
          : {}),
      },
    },
  });
}

/** What Beanstalk does minutes later: every environment being terminated is gone. */
export function finishBeanstalkTerminations(account: FakeAccount): void {
  for (const e of account.list(ENVIRONMENT)) if (e.data.status === 'Terminating') account.remove(e.arn);
}

function descriptionOf(e: FakeResource): EnvironmentDescription {
  return {
    EnvironmentName: e.data.name,
    EnvironmentId: e.data.id,
    EnvironmentArn: e.arn,
    ApplicationName: e.data.application,
    VersionLabel: 'v1',
    SolutionStackName: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20',
    PlatformArn: `arn:aws:elasticbeanstalk:${e.region}::platform/Node.js 20 running on 64bit Amazon Linux 2023/6.1.0`,
    EndpointURL: `awseb-${e.data.id}.${e.region}.elb.amazonaws.com`,
    CNAME: `${e.data.name}.${e.region}.elasticbeanstalk.com`,
    DateCreated: e.data.createdAt,
    DateUpdated: e.data.createdAt,
    Status: e.data.status,
    AbortableOperationInProgress: e.data.abortable,
    Health: e.data.health,
    HealthStatus: 'Ok',
    Tier: { Name: e.data.tier, Type: e.data.tier === 'Worker' ? 'SQS/HTTP' : 'Standard', Version: '1.0' },
    EnvironmentLinks: e.data.links.map((l: object) => ({ ...l })),
  };
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r || r.type !== ENVIRONMENT) throw new FakeAwsError('ResourceNotFoundException', `Resource not found: ${arn}`);
  return r;
}

export function installElasticBeanstalk(account: FakeAccount) {
  const stub = fakeService(ElasticBeanstalkClient, account);

  handle(stub, account, 'elasticbeanstalk', DescribeEnvironmentsCommand, (input, region) => {
    if (input.MaxRecords !== undefined && (input.MaxRecords < 1 || input.MaxRecords > 1000)) {
      throw new FakeAwsError('InvalidParameterValue', 'MaxRecords must be between 1 and 1000.');
    }
    const environments = account
      .list(ENVIRONMENT, region)
      // IncludeDeleted defaults to true: recently terminated environments are listed unless asked not to be.
      .filter((e) => input.IncludeDeleted !== false || e.data.status !== 'Terminated')
      .filter((e) => !input.EnvironmentIds || input.EnvironmentIds.includes(e.data.id))
      .filter((e) => !input.EnvironmentNames || input.EnvironmentNames.includes(e.data.name))
      .filter((e) => !input.ApplicationName || input.ApplicationName === e.data.application);
    // Without MaxRecords, every environment in one response.
    if (input.MaxRecords === undefined) return { Environments: environments.map(descriptionOf) };
    const { page, next } = paginate(environments, input.NextToken, Math.min(input.MaxRecords, account.defaultPageSize));
    return { Environments: page.map(descriptionOf), NextToken: next };
  });

  handle(stub, account, 'elasticbeanstalk', DescribeConfigurationSettingsCommand, (input, region) => {
    const application = required(input, 'ApplicationName', 'MissingParameter');
    const e = account.list(ENVIRONMENT, region).find((x) => x.data.application === application && x.data.name === input.EnvironmentName);
    if (!e) throw new FakeAwsError('InvalidParameterValue', `No Environment found for EnvironmentName = '${input.EnvironmentName}'.`);
    return {
      ConfigurationSettings: [
        {
          ApplicationName: application,
          EnvironmentName: e.data.name,
          SolutionStackName: descriptionOf(e).SolutionStackName,
          DeploymentStatus: 'deployed',
          OptionSettings: e.data.settings.map((o: ConfigurationOptionSetting) => ({ ...o })),
        },
      ],
    };
  });

  handle(stub, account, 'elasticbeanstalk', TerminateEnvironmentCommand, (input, region) => {
    const e = account.findBy(ENVIRONMENT, 'id', input.EnvironmentId, region);
    if (!e || e.data.status === 'Terminated') {
      throw new FakeAwsError('InvalidParameterValue', `No Environment found for EnvironmentId = '${input.EnvironmentId}'.`);
    }
    if (e.data.status !== 'Ready') {
      throw new FakeAwsError(
        'InvalidParameterValue',
        `Environment named ${e.data.name} is in an invalid state for this operation. Must be Ready.`,
      );
    }
    const dependent = account
      .list(ENVIRONMENT, region)
      .find((x) => x.data.links.some((l: { EnvironmentName: string }) => l.EnvironmentName === e.data.name));
    if (dependent && !input.ForceTerminate) {
      throw new FakeAwsError('InvalidParameterValue', `Environment ${dependent.data.name} depends on environment ${e.data.name}.`);
    }
    e.data.status = 'Terminating';
    e.data.terminatedResources = input.TerminateResources !== false;
    return descriptionOf(e);
  });

  handle(stub, account, 'elasticbeanstalk', ListTagsForResourceCommand, (input) => {
    const e = byArn(account, required(input, 'ResourceArn', 'MissingParameter'));
    return { ResourceArn: e.arn, ResourceTags: tagList({ ...e.data.systemTags, ...e.tags }) };
  });

  handle(stub, account, 'elasticbeanstalk', UpdateTagsForResourceCommand, (input) => {
    const e = byArn(account, required(input, 'ResourceArn', 'MissingParameter'));
    if ([...(input.TagsToAdd ?? []).map((t) => t.Key ?? ''), ...(input.TagsToRemove ?? [])].some((k) => k in e.data.systemTags)) {
      throw new FakeAwsError('InvalidParameterValue', 'The system tags of an environment cannot be changed.');
    }
    account.setTags(e.arn, Object.fromEntries((input.TagsToAdd ?? []).map((t) => [t.Key!, t.Value!])));
    account.removeTags(e.arn, input.TagsToRemove ?? []);
    return {};
  });

  return stub;
}
