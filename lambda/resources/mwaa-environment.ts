import {
  DeleteEnvironmentCommand,
  type Environment,
  GetEnvironmentCommand,
  MWAAClient,
  paginateListEnvironments,
} from '@aws-sdk/client-mwaa';
import { bucketOfArn, buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { configurationOr, noneIf } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Statuses, https://docs.aws.amazon.com/mwaa/latest/API/API_Environment.html. Not inventory: one
 * still being created (not judged yet) or already being deleted, or deleted and still reported.
 */
const NOT_INVENTORY = new Set(['CREATING', 'DELETING', 'DELETED']);

/**
 * Changing on its own: an update or its snapshot, a rollback, maintenance, or creation paused
 * until the customer-managed VPC endpoints exist (PENDING, CREATE_FAILED after 72 hours). Retried later.
 */
const IN_FLUX = new Set(['UPDATING', 'CREATING_SNAPSHOT', 'ROLLING_BACK', 'MAINTENANCE', 'PENDING']);

/** Settled, usable or broken: deleted. An UPDATE_FAILED environment was restored to its previous state. */
const DELETABLE = new Set(['AVAILABLE', 'CREATE_FAILED', 'UPDATE_FAILED', 'UNAVAILABLE']);

const NOT_FOUND = ['ResourceNotFoundException'];

/**
 * us-east-1 USD per environment-hour, before additional workers, schedulers and metadata storage
 * (https://aws.amazon.com/managed-workflows-for-apache-airflow/pricing/). Classes whose price could
 * not be confirmed (mw1.micro, mw1.xlarge, mw1.2xlarge) get no estimate.
 */
const ENVIRONMENT_HOURLY: Readonly<Record<string, number>> = { 'mw1.small': 0.49, 'mw1.medium': 0.74, 'mw1.large': 0.99 };

const environmentDetails = (e: Environment) => ({
  status: e.Status,
  environmentClass: e.EnvironmentClass,
  airflowVersion: e.AirflowVersion,
  minWorkers: e.MinWorkers,
  maxWorkers: e.MaxWorkers,
  schedulers: e.Schedulers,
  webserverAccessMode: e.WebserverAccessMode,
  endpointManagement: e.EndpointManagement,
});

async function getEnvironment(client: MWAAClient, name: string): Promise<Environment> {
  const { Environment: environment } = await client.send(new GetEnvironmentCommand({ Name: name }));
  if (!environment) throw new Error(`MWAA environment ${name} was not returned`);
  return environment;
}

async function completeOne(client: MWAAClient, resource: Resource): Promise<Resource | undefined> {
  const environment = await noneIf(NOT_FOUND, () => getEnvironment(client, resource.id));
  if (!environment || NOT_INVENTORY.has(environment.Status ?? '')) return undefined;
  // GetEnvironment returns the environment's tags: MWAA's own, whatever GetResources says.
  const tags = { ...(environment.Tags ?? {}) };
  return { ...completedResource(resource, { createdAt: environment.CreatedAt, details: environmentDetails(environment) }), tags };
}

/** "my-dags-bucket" from `arn:aws:s3:::my-dags-bucket`. */
const bucketOf = (arn: string | undefined) => bucketOfArn(arn) ?? 'of its DAGs';

/** What goes with the environment, and what stays behind for someone to delete or reuse. */
function deletionNote(environment: Environment, backup: boolean): string {
  const lost = `its Airflow metadata database goes with it: DAG run history, and the connections and variables stored there${
    backup ? ' (MWAA takes no backup of it)' : ''
  }`;
  const role = environment.ExecutionRoleArn?.split('/').pop();
  const kept = [
    `S3 bucket ${bucketOf(environment.SourceBucketArn)} (DAGs, plugins, requirements)`,
    role ? `execution role ${role}` : 'the execution role',
    'the VPC, its subnets and security groups',
    // EndpointManagement CUSTOMER: the customer creates and manages the endpoints
    // (https://docs.aws.amazon.com/mwaa/latest/API/API_Environment.html).
    ...(environment.EndpointManagement === 'CUSTOMER' ? ['the VPC endpoints created for it'] : []),
  ];
  return `the environment is DELETING; ${lost}; ${kept.join(', ')} stay`;
}

/** The configuration with Airflow option names only: values are secrets often enough (SMTP passwords, secrets backend kwargs). */
function withoutOptionValues(environment: Environment) {
  const { AirflowConfigurationOptions: options, ...rest } = environment;
  return { ...rest, AirflowConfigurationOptionNames: Object.keys(options ?? {}) };
}

/**
 * Amazon MWAA (Managed Workflows for Apache Airflow) environments. ListEnvironments returns names
 * only: the ARN is built from the name, and `complete` reads each candidate's status, class,
 * creation time and tags with GetEnvironment. MWAA has no snapshot of an environment: deletion
 * loses its metadata database, whatever `backup` says, as MSK and OpenSearch deletions lose theirs.
 */
export const mwaaEnvironment = pagedType({
  // Tagging API type `airflow:environment`, ARN `arn:aws:airflow:{region}:{account}:environment/{name}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmanagedworkflowsforapacheairflow.html).
  id: 'airflow:environment',
  label: 'MWAA environment',
  tagsFromList: false,
  completeReadsTags: true,
  // list_amazonmanagedworkflowsforapacheairflow.html: DeleteEnvironment, GetEnvironment, TagResource and
  // UntagResource authorize against `environment`, which supports aws:ResourceTag; ListEnvironments against `*`.
  iam: {
    read: ['airflow:ListEnvironments', 'airflow:GetEnvironment'],
    tag: ['airflow:TagResource', 'airflow:UntagResource'],
    delete: ['airflow:DeleteEnvironment'],
  },
  // Before security groups (80): the environment's network interfaces hold its groups until it is gone.
  deletionOrder: 50,

  listing: {
    // MaxResults is 1-25 (https://docs.aws.amazon.com/mwaa/latest/API/API_ListEnvironments.html).
    pages: (clients) => paginateListEnvironments({ client: clients.get(MWAAClient), pageSize: 25 }, {}),
    items: (page) => page.Environments,
    resource: (name, { region, accountId }) => ({
      arn: buildArn('airflow', region, accountId, `environment/${name}`),
      id: name,
      name,
      needsCompletion: true,
    }),
  },

  // GetEnvironment for each candidate: status, creation time, tags.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(MWAAClient), r)),

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const client = clients.get(MWAAClient);
    // Read again: an update or maintenance may have started since it was listed.
    const environment = await getEnvironment(client, resource.id);
    const status = environment.Status ?? 'unknown';
    if (status === 'DELETING' || status === 'DELETED') return { status: 'started', note: 'the environment was already being deleted' };
    if (status === 'CREATING' || IN_FLUX.has(status)) throw new RetryLaterError(`MWAA environment ${resource.id} is ${status}`);
    if (!DELETABLE.has(status)) {
      return {
        status: 'skipped',
        reason: `status ${status} is not one the janitor knows to be safe to delete in; delete it by hand if it is unused`,
      };
    }
    // Asynchronous: the environment is DELETING while MWAA tears it down
    // (https://docs.aws.amazon.com/mwaa/latest/API/API_DeleteEnvironment.html).
    await client.send(new DeleteEnvironmentCommand({ Name: resource.id }));
    return { status: 'started', note: deletionNote(environment, options.backup) };
  },

  // Class, workers, Airflow version, bucket paths, role, network and logging: one GetEnvironment.
  describe: (clients, resource) =>
    configurationOr(resource, async () => withoutOptionValues(await getEnvironment(clients.get(MWAAClient), resource.id))),

  consoleUrl: (r) => `${consoleBase(r.region)}/mwaa/home?region=${r.region}#environments/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const environmentClass = String(r.details?.environmentClass);
    const hourly = ENVIRONMENT_HOURLY[environmentClass];
    if (hourly === undefined) return undefined;
    return `~$${Math.round(hourly * 730)}/month (${environmentClass}) + extra workers and schedulers, metadata storage`;
  },
});
