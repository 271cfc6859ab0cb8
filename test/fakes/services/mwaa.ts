import {
  DeleteEnvironmentCommand,
  type EndpointManagement,
  type Environment,
  type EnvironmentStatus,
  GetEnvironmentCommand,
  ListEnvironmentsCommand,
  ListTagsForResourceCommand,
  MWAAClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-mwaa';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/**
 * Amazon MWAA environments (`airflow:environment`). ListEnvironments returns names only;
 * GetEnvironment the rest, tags included. DeleteEnvironment moves an environment to DELETING
 * (refused, as an assumption of this fake, while it is changing on its own);
 * `finishMwaaDeletions` plays the minutes after. Commands served are those of the MWAA routes in
 * `../http/legacy-clients.ts`.
 */

const ENVIRONMENT = 'airflow:environment';

/** Statuses in which this fake refuses DeleteEnvironment: AWS documents none, so this is the cautious guess. */
const BUSY: ReadonlySet<string> = new Set([
  'CREATING',
  'DELETING',
  'DELETED',
  'UPDATING',
  'CREATING_SNAPSHOT',
  'ROLLING_BACK',
  'MAINTENANCE',
]);

export interface SeedMwaaEnvironmentOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  status?: EnvironmentStatus;
  environmentClass?: string;
  minWorkers?: number;
  endpointManagement?: EndpointManagement;
  airflowConfigurationOptions?: Record<string, string>;
  /** Its DAG bucket's name; default `<name>-dags`. */
  sourceBucket?: string;
}

export function seedMwaaEnvironment(account: FakeAccount, options: SeedMwaaEnvironmentOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const name = options.name ?? account.nextId('airflow-');
  return account.put({
    type: ENVIRONMENT,
    arn: buildArn('airflow', region, account.accountId, `environment/${name}`),
    region,
    tags: options.tags,
    data: {
      name,
      status: options.status ?? 'AVAILABLE',
      environmentClass: options.environmentClass ?? 'mw1.small',
      minWorkers: options.minWorkers ?? 1,
      endpointManagement: options.endpointManagement ?? 'SERVICE',
      airflowConfigurationOptions: options.airflowConfigurationOptions ?? {},
      sourceBucket: options.sourceBucket ?? `${name}-dags`,
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

/** What MWAA does later on: every environment being deleted is gone. */
export function finishMwaaDeletions(account: FakeAccount): void {
  for (const e of account.list(ENVIRONMENT)) if (e.data.status === 'DELETING') account.remove(e.arn);
}

function environmentIn(account: FakeAccount, name: string, region: string): FakeResource {
  const environment = account.findBy(ENVIRONMENT, 'name', name, region);
  if (!environment) throw new FakeAwsError('ResourceNotFoundException', `Environment ${name} not found.`);
  return environment;
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r || r.type !== ENVIRONMENT) throw new FakeAwsError('ResourceNotFoundException', `Resource ${arn} not found.`);
  return r;
}

function environmentOf(e: FakeResource): Environment {
  return {
    Name: e.data.name,
    Arn: e.arn,
    Status: e.data.status,
    CreatedAt: e.data.createdAt,
    EnvironmentClass: e.data.environmentClass,
    AirflowVersion: '2.10.3',
    MinWorkers: e.data.minWorkers,
    MaxWorkers: 10,
    Schedulers: 2,
    WebserverAccessMode: 'PRIVATE_ONLY',
    EndpointManagement: e.data.endpointManagement,
    SourceBucketArn: `arn:aws:s3:::${e.data.sourceBucket}`,
    DagS3Path: 'dags',
    ExecutionRoleArn: `arn:aws:iam::${e.arn.split(':')[4]}:role/service-role/AmazonMWAA-${e.data.name}`,
    NetworkConfiguration: {
      SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0223456789abcdef0'],
      SecurityGroupIds: ['sg-0123456789abcdef0'],
    },
    AirflowConfigurationOptions: { ...e.data.airflowConfigurationOptions },
    Tags: { ...e.tags },
  };
}

export function installMwaa(account: FakeAccount) {
  const stub = fakeService(MWAAClient, account);

  handle(stub, account, 'airflow', ListEnvironmentsCommand, (input, region) => {
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 25)) {
      throw new FakeAwsError('ValidationException', 'MaxResults must be between 1 and 25.');
    }
    const names = account.list(ENVIRONMENT, region).map((e) => e.data.name as string);
    const { page, next } = paginate(names, input.NextToken, Math.min(input.MaxResults ?? 25, account.defaultPageSize));
    return { Environments: page, NextToken: next };
  });

  handle(stub, account, 'airflow', GetEnvironmentCommand, (input, region) => ({
    Environment: environmentOf(environmentIn(account, required(input, 'Name'), region)),
  }));

  handle(stub, account, 'airflow', DeleteEnvironmentCommand, (input, region) => {
    const e = environmentIn(account, required(input, 'Name'), region);
    if (BUSY.has(e.data.status)) throw new FakeAwsError('ValidationException', `Environment ${e.data.name} is ${e.data.status}.`);
    e.data.status = 'DELETING';
    return {};
  });

  // Handled so that a tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'airflow', ListTagsForResourceCommand, (input) => ({
    Tags: { ...byArn(account, required(input, 'ResourceArn')).tags },
  }));
  handle(stub, account, 'airflow', TagResourceCommand, (input) => {
    account.setTags(byArn(account, required(input, 'ResourceArn')).arn, required(input, 'Tags'));
    return {};
  });
  handle(stub, account, 'airflow', UntagResourceCommand, (input) => {
    account.removeTags(byArn(account, required(input, 'ResourceArn')).arn, required(input, 'tagKeys'));
    return {};
  });

  return stub;
}
