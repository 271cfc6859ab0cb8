import {
  DeleteAppCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DeleteNotebookInstanceCommand,
  DescribeAppCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeNotebookInstanceCommand,
  ListAppsCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  ListNotebookInstancesCommand,
  ListTagsCommand,
  SageMakerClient,
  StopNotebookInstanceCommand,
} from '@aws-sdk/client-sagemaker';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
  tagList,
} from '../fake-account';

/**
 * SageMaker notebook instances, with the stop-before-delete lifecycle of the real service; and
 * inference endpoints, their endpoint configurations and models. Like SageMaker, deleting a
 * configuration or a model checks nothing: an endpoint keeps running on a deleted configuration.
 */

const TYPE = 'sagemaker:notebook-instance';

export type NotebookStatus = 'Pending' | 'InService' | 'Stopping' | 'Stopped' | 'Failed' | 'Deleting' | 'Updating';

export interface SeedNotebookInstanceOptions extends SeedOptions {
  /** Defaults to `InService`, the status a new notebook instance settles in. */
  status?: NotebookStatus;
  instanceType?: string;
}

export function seedNotebookInstance(account: FakeAccount, options: SeedNotebookInstanceOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'notebook-' }, options, ({ name, region, createdAt }) => ({
    // SageMaker lower-cases the name in the ARN.
    arn: buildArn('sagemaker', region, account.accountId, `notebook-instance/${name.toLowerCase()}`),
    data: {
      name,
      status: options.status ?? 'InService',
      instanceType: options.instanceType ?? 'ml.t3.medium',
      createdAt,
      lastModifiedAt: createdAt,
    },
  }));
}

/**
 * Lets time pass: stopping instances are stopped, pending ones in service, deleting ones gone.
 * The real transitions take minutes, so the fake only makes them when a test says so.
 */
export function settleNotebookInstances(account: FakeAccount): void {
  for (const notebook of account.list(TYPE)) {
    if (notebook.data.status === 'Deleting') account.remove(notebook.arn);
    else if (notebook.data.status === 'Stopping') notebook.data.status = 'Stopped';
    else if (notebook.data.status === 'Pending') notebook.data.status = 'InService';
  }
}

/** SageMaker reports most problems as ValidationException, a missing record included. */
function notebookIn(account: FakeAccount, name: string, region: string): FakeResource {
  const found = account.findBy(TYPE, 'name', name, region);
  if (!found) throw new FakeAwsError('ValidationException', 'RecordNotFound');
  return found;
}

function requireStatus(notebook: FakeResource, allowed: readonly NotebookStatus[]): void {
  if (!allowed.includes(notebook.data.status)) {
    throw new FakeAwsError(
      'ValidationException',
      `Status (${notebook.data.status}) not in ([${allowed.join(', ')}]). Unable to transition to target state.`,
    );
  }
}

function summaryOf(n: FakeResource) {
  return {
    NotebookInstanceName: n.data.name,
    NotebookInstanceArn: n.arn,
    NotebookInstanceStatus: n.data.status,
    Url: `${n.data.name.toLowerCase()}.notebook.${n.region}.sagemaker.aws`,
    InstanceType: n.data.instanceType,
    CreationTime: n.data.createdAt,
    LastModifiedTime: n.data.lastModifiedAt,
  };
}

export function installSageMaker(account: FakeAccount) {
  const stub = fakeService(SageMakerClient, account);

  handle(stub, account, 'sagemaker', ListNotebookInstancesCommand, (input, region) => {
    const { MaxResults } = input;
    if (MaxResults !== undefined && (MaxResults < 1 || MaxResults > 100)) {
      throw new FakeAwsError(
        'ValidationException',
        `1 validation error detected: Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
      );
    }
    const notebooks = account.list(TYPE, region);
    const { page, next } = paginate(notebooks, input.NextToken, Math.min(MaxResults ?? account.defaultPageSize, account.defaultPageSize));
    return { NotebookInstances: page.map(summaryOf), NextToken: next };
  });

  handle(stub, account, 'sagemaker', DescribeNotebookInstanceCommand, (input, region) => {
    const notebook = notebookIn(account, required(input, 'NotebookInstanceName'), region);
    return { ...summaryOf(notebook), VolumeSizeInGB: 5 };
  });

  handle(stub, account, 'sagemaker', StopNotebookInstanceCommand, (input, region) => {
    const notebook = notebookIn(account, required(input, 'NotebookInstanceName'), region);
    requireStatus(notebook, ['InService']);
    notebook.data.status = 'Stopping';
    return {};
  });

  handle(stub, account, 'sagemaker', DeleteNotebookInstanceCommand, (input, region) => {
    const notebook = notebookIn(account, required(input, 'NotebookInstanceName'), region);
    requireStatus(notebook, ['Stopped', 'Failed']);
    notebook.data.status = 'Deleting';
    return {};
  });

  // Every SageMaker resource's tags; MaxResults has a minimum of 50 and no maximum.
  handle(stub, account, 'sagemaker', ListTagsCommand, (input, region) => {
    const { MaxResults } = input;
    if (MaxResults !== undefined && MaxResults < 50) {
      throw new FakeAwsError(
        'ValidationException',
        `Value '${MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 50`,
      );
    }
    const resource = account.find(required(input, 'ResourceArn'));
    if (!resource || resource.region !== region) throw new FakeAwsError('ValidationException', 'RecordNotFound');
    const { page, next } = paginate(tagList(resource.tags), input.NextToken, MaxResults ?? 50);
    return { Tags: page, NextToken: next };
  });

  installInference(stub, account);
  installStudioApps(stub, account);
  return stub;
}

const ENDPOINT = 'sagemaker:endpoint';
const ENDPOINT_CONFIG = 'sagemaker:endpoint-config';
const MODEL = 'sagemaker:model';

export type EndpointStatus =
  | 'Creating'
  | 'Updating'
  | 'SystemUpdating'
  | 'RollingBack'
  | 'InService'
  | 'OutOfService'
  | 'Deleting'
  | 'Failed';

export interface SeedModelOptions extends SeedOptions {}

export interface SeedEndpointConfigOptions extends SeedOptions {
  /** The models its variants serve; a new model when omitted. */
  models?: FakeResource[];
  instanceType?: string;
  /** Serverless variants have no instances. */
  serverless?: boolean;
}

export interface SeedEndpointOptions extends SeedOptions {
  /** The configuration it runs; a new one (with a new model) when omitted. */
  config?: FakeResource;
  status?: EndpointStatus;
  instanceCount?: number;
  /** During an update: the configuration it is moving to. */
  pendingConfig?: FakeResource;
}

/** SageMaker lower-cases the name in these ARNs too. */
const sagemakerArn = (account: FakeAccount, region: string, kind: string, name: string) =>
  buildArn('sagemaker', region, account.accountId, `${kind}/${name.toLowerCase()}`);

export function seedModel(account: FakeAccount, options: SeedModelOptions = {}): FakeResource {
  return seedResource(account, { type: MODEL, namePrefix: 'model-' }, options, ({ name, region, createdAt }) => ({
    arn: sagemakerArn(account, region, 'model', name),
    data: { name, createdAt },
  }));
}

export function seedEndpointConfig(account: FakeAccount, options: SeedEndpointConfigOptions = {}): FakeResource {
  const models = options.models ?? [seedModel(account, { region: options.region, createdAt: options.createdAt })];
  return seedResource(account, { type: ENDPOINT_CONFIG, namePrefix: 'config-' }, options, ({ name, region, createdAt }) => ({
    arn: sagemakerArn(account, region, 'endpoint-config', name),
    data: {
      name,
      createdAt,
      modelNames: models.map((m) => m.data.name),
      instanceType: options.serverless ? undefined : (options.instanceType ?? 'ml.m5.large'),
    },
  }));
}

export function seedEndpoint(account: FakeAccount, options: SeedEndpointOptions = {}): FakeResource {
  const config = options.config ?? seedEndpointConfig(account, { region: options.region, createdAt: options.createdAt });
  return seedResource(account, { type: ENDPOINT, namePrefix: 'endpoint-' }, options, ({ name, region, createdAt }) => ({
    arn: sagemakerArn(account, region, 'endpoint', name),
    data: {
      name,
      createdAt,
      status: options.status ?? 'InService',
      configName: config.data.name,
      pendingConfigName: options.pendingConfig?.data.name,
      serverless: config.data.instanceType === undefined,
      instanceCount: options.instanceCount ?? 1,
    },
  }));
}

function checkMaxResults(maxResults: number | undefined): void {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) {
    throw new FakeAwsError(
      'ValidationException',
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`,
    );
  }
}

/** `Could not find endpoint "arn:..."`, as SageMaker words it for each kind. */
function named(account: FakeAccount, type: string, what: string, kind: string, name: string, region: string): FakeResource {
  const found = account.findBy(type, 'name', name, region);
  if (!found) throw new FakeAwsError('ValidationException', `Could not find ${what} "${sagemakerArn(account, region, kind, name)}".`);
  return found;
}

function pageOf(account: FakeAccount, items: FakeResource[], input: { MaxResults?: number; NextToken?: string }) {
  checkMaxResults(input.MaxResults);
  return paginate(items, input.NextToken, Math.min(input.MaxResults ?? 10, account.defaultPageSize));
}

function describeEndpoint(e: FakeResource) {
  const variant = e.data.serverless
    ? { VariantName: 'AllTraffic', CurrentServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }
    : { VariantName: 'AllTraffic', CurrentInstanceCount: e.data.instanceCount, DesiredInstanceCount: e.data.instanceCount };
  return {
    EndpointName: e.data.name,
    EndpointArn: e.arn,
    EndpointConfigName: e.data.configName,
    EndpointStatus: e.data.status,
    ProductionVariants: [variant],
    ...(e.data.pendingConfigName ? { PendingDeploymentSummary: { EndpointConfigName: e.data.pendingConfigName } } : {}),
    CreationTime: e.data.createdAt,
    LastModifiedTime: e.data.createdAt,
  };
}

function installInference(stub: ReturnType<typeof fakeService>, account: FakeAccount): void {
  handle(stub, account, 'sagemaker', ListEndpointsCommand, (input, region) => {
    const endpoints = account.list(ENDPOINT, region).filter((e) => !input.StatusEquals || e.data.status === input.StatusEquals);
    const { page, next } = pageOf(account, endpoints, input);
    return {
      Endpoints: page.map((e) => ({
        EndpointName: e.data.name,
        EndpointArn: e.arn,
        EndpointStatus: e.data.status,
        CreationTime: e.data.createdAt,
        LastModifiedTime: e.data.createdAt,
      })),
      NextToken: next,
    };
  });
  handle(stub, account, 'sagemaker', DescribeEndpointCommand, (input, region) =>
    describeEndpoint(named(account, ENDPOINT, 'endpoint', 'endpoint', required(input, 'EndpointName'), region)),
  );
  handle(stub, account, 'sagemaker', DeleteEndpointCommand, (input, region) => {
    const endpoint = named(account, ENDPOINT, 'endpoint', 'endpoint', required(input, 'EndpointName'), region);
    // The instances take minutes to go: gone at the next settle.
    endpoint.data.status = 'Deleting';
    account.later(() => account.remove(endpoint.arn));
    return {};
  });

  handle(stub, account, 'sagemaker', ListEndpointConfigsCommand, (input, region) => {
    const { page, next } = pageOf(account, account.list(ENDPOINT_CONFIG, region), input);
    return {
      EndpointConfigs: page.map((c) => ({ EndpointConfigName: c.data.name, EndpointConfigArn: c.arn, CreationTime: c.data.createdAt })),
      NextToken: next,
    };
  });
  handle(stub, account, 'sagemaker', DescribeEndpointConfigCommand, (input, region) => {
    const config = named(
      account,
      ENDPOINT_CONFIG,
      'endpoint configuration',
      'endpoint-config',
      required(input, 'EndpointConfigName'),
      region,
    );
    return {
      EndpointConfigName: config.data.name,
      EndpointConfigArn: config.arn,
      ProductionVariants: (config.data.modelNames as string[]).map((ModelName, i) => ({
        VariantName: `variant-${i + 1}`,
        ModelName,
        ...(config.data.instanceType
          ? { InstanceType: config.data.instanceType, InitialInstanceCount: 1 }
          : { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }),
      })),
      CreationTime: config.data.createdAt,
    };
  });
  handle(stub, account, 'sagemaker', DeleteEndpointConfigCommand, (input, region) => {
    const config = named(
      account,
      ENDPOINT_CONFIG,
      'endpoint configuration',
      'endpoint-config',
      required(input, 'EndpointConfigName'),
      region,
    );
    account.remove(config.arn);
    return {};
  });

  handle(stub, account, 'sagemaker', ListModelsCommand, (input, region) => {
    const { page, next } = pageOf(account, account.list(MODEL, region), input);
    return { Models: page.map((m) => ({ ModelName: m.data.name, ModelArn: m.arn, CreationTime: m.data.createdAt })), NextToken: next };
  });
  handle(stub, account, 'sagemaker', DescribeModelCommand, (input, region) => {
    const model = named(account, MODEL, 'model', 'model', required(input, 'ModelName'), region);
    return {
      ModelName: model.data.name,
      ModelArn: model.arn,
      PrimaryContainer: { Image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/inference:latest' },
      ExecutionRoleArn: `arn:aws:iam::${account.accountId}:role/sagemaker-execution`,
      CreationTime: model.data.createdAt,
    };
  });
  handle(stub, account, 'sagemaker', DeleteModelCommand, (input, region) => {
    const model = named(account, MODEL, 'model', 'model', required(input, 'ModelName'), region);
    account.remove(model.arn);
    return {};
  });
}

const APP = 'sagemaker:app';

export type AppStatus = 'Pending' | 'InService' | 'Deleting' | 'Deleted' | 'Failed';
export type AppType =
  | 'JupyterServer'
  | 'KernelGateway'
  | 'JupyterLab'
  | 'CodeEditor'
  | 'Canvas'
  | 'TensorBoard'
  | 'RStudioServerPro'
  | 'RSessionGateway';

export interface SeedAppOptions extends SeedOptions {
  domainId?: string;
  /** The owner: a user profile, or a space when `spaceName` is set. */
  userProfileName?: string;
  spaceName?: string;
  appType?: AppType;
  status?: AppStatus;
  /** `system` for the free instance classic Studio's JupyterServer runs on. */
  instanceType?: string;
  lastUserActivity?: Date;
}

/** Studio apps. The ARN names the owner (user profile or space), lower-cased like SageMaker's other ARNs. */
export function seedApp(account: FakeAccount, options: SeedAppOptions = {}): FakeResource {
  const domainId = options.domainId ?? 'd-abcdef123456';
  const appType = options.appType ?? 'KernelGateway';
  const owner = options.spaceName ?? options.userProfileName ?? 'alice';
  return seedResource(account, { type: APP, namePrefix: 'app-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('sagemaker', region, account.accountId, `app/${domainId}/${owner}/${appType}/${name}`.toLowerCase()),
    data: {
      name,
      domainId,
      appType,
      userProfileName: options.spaceName ? undefined : owner,
      spaceName: options.spaceName,
      status: options.status ?? 'InService',
      instanceType: options.instanceType ?? (appType === 'JupyterServer' ? 'system' : 'ml.t3.medium'),
      lastUserActivity: options.lastUserActivity,
      createdAt,
    },
  }));
}

function appIn(
  account: FakeAccount,
  input: { DomainId?: string; AppType?: string; AppName?: string; UserProfileName?: string; SpaceName?: string },
  region: string,
): FakeResource {
  const [domainId, appType, appName] = [required(input, 'DomainId'), required(input, 'AppType'), required(input, 'AppName')];
  if ((input.UserProfileName === undefined) === (input.SpaceName === undefined)) {
    throw new FakeAwsError('ValidationException', 'Exactly one of UserProfileName and SpaceName must be given.');
  }
  const found = account
    .list(APP, region)
    .find(
      (a) =>
        a.data.domainId === domainId &&
        a.data.appType === appType &&
        a.data.name === appName &&
        a.data.userProfileName === input.UserProfileName &&
        a.data.spaceName === input.SpaceName,
    );
  if (!found) throw new FakeAwsError('ResourceNotFound', `App with name ${appName} does not exist`);
  return found;
}

function appDetails(a: FakeResource) {
  return {
    DomainId: a.data.domainId,
    UserProfileName: a.data.userProfileName,
    SpaceName: a.data.spaceName,
    AppType: a.data.appType,
    AppName: a.data.name,
    Status: a.data.status,
    CreationTime: a.data.createdAt,
    ResourceSpec: { InstanceType: a.data.instanceType },
  };
}

function installStudioApps(stub: ReturnType<typeof fakeService>, account: FakeAccount): void {
  handle(stub, account, 'sagemaker', ListAppsCommand, (input, region) => {
    if (input.UserProfileNameEquals && input.SpaceNameEquals) {
      throw new FakeAwsError('ValidationException', 'UserProfileNameEquals and SpaceNameEquals cannot both be set.');
    }
    const apps = account.list(APP, region).filter((a) => !input.DomainIdEquals || a.data.domainId === input.DomainIdEquals);
    const { page, next } = pageOf(account, apps, input);
    return { Apps: page.map(appDetails), NextToken: next };
  });
  handle(stub, account, 'sagemaker', DescribeAppCommand, (input, region) => {
    const app = appIn(account, input, region);
    return { ...appDetails(app), AppArn: app.arn, LastUserActivityTimestamp: app.data.lastUserActivity };
  });
  handle(stub, account, 'sagemaker', DeleteAppCommand, (input, region) => {
    const app = appIn(account, input, region);
    if (app.data.status !== 'InService' && app.data.status !== 'Failed') {
      throw new FakeAwsError('ResourceInUse', `App is in ${app.data.status} state.`);
    }
    // Stopping the instance takes a while; the app then stays listed as Deleted.
    app.data.status = 'Deleting';
    account.later(() => {
      app.data.status = 'Deleted';
    });
    return {};
  });
}
