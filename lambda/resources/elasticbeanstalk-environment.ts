import {
  type ConfigurationOptionSetting,
  DescribeConfigurationSettingsCommand,
  DescribeEnvironmentsCommand,
  type DescribeEnvironmentsMessage,
  ElasticBeanstalkClient,
  type EnvironmentDescription,
  ListTagsForResourceCommand,
  TerminateEnvironmentCommand,
} from '@aws-sdk/client-elastic-beanstalk';
import { consoleBase } from '../aws/arn';
import type { AwsClients } from '../aws/clients';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Not inventory: an environment still launching (not judged yet; its resources are being made) or
 * terminating or terminated (https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_EnvironmentDescription.html).
 */
const NOT_INVENTORY = new Set(['Launching', 'Terminating', 'Terminated']);

/** DescribeEnvironments pages: MaxRecords is 1-1000; without it every environment comes in one response. */
const PAGE_SIZE = 100;

/** Candidates read in one DescribeEnvironments call (by EnvironmentIds) in `complete`. */
const IDS_PER_READ = 100;

/**
 * The tags Elastic Beanstalk writes on every environment, which no one can edit or remove
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/applications-tagging-resources.html,
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/using-features.tagging.html): the
 * environment's own id and name. On the environment they name itself, not a controller that owns
 * it (on its instances, groups and load balancers they do: lambda/core/controller-tags.ts).
 */
export const SYSTEM_TAG_KEYS = ['elasticbeanstalk:environment-id', 'elasticbeanstalk:environment-name', 'Name'] as const;

/** The CloudFormation stack Beanstalk runs each environment's resources in: `awseb-{environment id}-stack`. */
const ownStackName = (environmentId: string) => `awseb-${environmentId}-stack`;

/**
 * The environment's own tags, as a user set them: the system tags naming it left out, and
 * `aws:cloudformation:*` tags of Beanstalk's own stack for it, should the environment carry them
 * (that stack is Beanstalk's machinery, not infrastructure as code: decide.ts counts a live
 * `aws:cloudformation:stack-id` as IaC). A tag that names another environment or another stack
 * (an environment declared in a user's template) is kept.
 */
export function environmentOwnTags(tags: Tags, environment: { readonly id: string; readonly name?: string }): Tags {
  const names: Readonly<Record<string, string | undefined>> = {
    'elasticbeanstalk:environment-id': environment.id,
    'elasticbeanstalk:environment-name': environment.name,
    Name: environment.name,
  };
  const stack = ownStackName(environment.id);
  const ownStack =
    tags['aws:cloudformation:stack-name'] === stack || (tags['aws:cloudformation:stack-id'] ?? '').includes(`:stack/${stack}/`);
  return Object.fromEntries(
    Object.entries(tags).filter(([key, value]) => {
      if (key in names && names[key] !== undefined && names[key] === value) return false;
      return !(ownStack && key.startsWith('aws:cloudformation:'));
    }),
  );
}

const environmentDetails = (e: EnvironmentDescription) => ({
  status: e.Status,
  health: e.Health,
  tier: e.Tier?.Name,
  application: e.ApplicationName,
  platform: e.SolutionStackName ?? e.PlatformArn,
  cname: e.CNAME,
});

async function* environmentPages(client: ElasticBeanstalkClient, filter: Pick<DescribeEnvironmentsMessage, 'ApplicationName'> = {}) {
  let NextToken: string | undefined;
  do {
    // IncludeDeleted false: terminated environments stay visible for a while otherwise
    // (https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_DescribeEnvironments.html).
    const page = await client.send(new DescribeEnvironmentsCommand({ ...filter, IncludeDeleted: false, MaxRecords: PAGE_SIZE, NextToken }));
    yield page;
    NextToken = page.NextToken || undefined;
  } while (NextToken);
}

async function describeEnvironment(client: ElasticBeanstalkClient, id: string): Promise<EnvironmentDescription | undefined> {
  const { Environments } = await client.send(new DescribeEnvironmentsCommand({ EnvironmentIds: [id], IncludeDeleted: false }));
  return Environments?.find((e) => e.EnvironmentId === id);
}

async function completeAll(clients: AwsClients, resources: readonly Resource[]): Promise<Resource[]> {
  const client = clients.get(ElasticBeanstalkClient);
  const fresh = new Map<string, EnvironmentDescription>();
  for (let i = 0; i < resources.length; i += IDS_PER_READ) {
    const ids = resources.slice(i, i + IDS_PER_READ).map((r) => r.id);
    const { Environments } = await client.send(new DescribeEnvironmentsCommand({ EnvironmentIds: ids, IncludeDeleted: false }));
    for (const e of Environments ?? []) if (e.EnvironmentId) fresh.set(e.EnvironmentId, e);
  }
  return readEach(resources, async (resource) => {
    const environment = fresh.get(resource.id);
    if (!environment || NOT_INVENTORY.has(environment.Status ?? '')) return undefined;
    const output = await noneIf(['ResourceNotFoundException'], () =>
      client.send(new ListTagsForResourceCommand({ ResourceArn: resource.arn })),
    );
    if (!output) return undefined;
    const tags = environmentOwnTags(tagsFromList(output.ResourceTags), { id: resource.id, name: environment.EnvironmentName });
    return { ...completedResource(resource, { createdAt: environment.DateCreated, details: environmentDetails(environment) }), tags };
  });
}

/** Environments that link to this one (a worker tier naming a web tier, say): they would lose what they depend on. */
async function linkedFrom(client: ElasticBeanstalkClient, environment: EnvironmentDescription): Promise<string[]> {
  const dependents: string[] = [];
  for await (const page of environmentPages(client)) {
    for (const e of page.Environments ?? []) {
      if (e.EnvironmentId === environment.EnvironmentId || NOT_INVENTORY.has(e.Status ?? '')) continue;
      if ((e.EnvironmentLinks ?? []).some((l) => l.EnvironmentName === environment.EnvironmentName))
        dependents.push(e.EnvironmentName ?? '?');
    }
  }
  return dependents;
}

type CoupledDatabase = { readonly coupled: false } | { readonly coupled: true; readonly deletionPolicy?: string };

/**
 * An RDS database created in the environment goes with it, as its `DBDeletionPolicy` says: Snapshot
 * (the default), Delete or Retain (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html#command-options-general-rdsdbinstance).
 * Older environments with an integrated database may lack `HasCoupledDatabase`: any `aws:rds:dbinstance`
 * option then counts as a database.
 */
async function coupledDatabase(client: ElasticBeanstalkClient, environment: EnvironmentDescription): Promise<CoupledDatabase> {
  const settings = await readSettings(client, environment);
  const rds = settings.filter((o) => o.Namespace === 'aws:rds:dbinstance');
  const option = (name: string) => rds.find((o) => o.OptionName === name)?.Value;
  const declared = option('HasCoupledDatabase');
  if (declared === 'false' || (declared === undefined && rds.length === 0)) return { coupled: false };
  return { coupled: true, deletionPolicy: option('DBDeletionPolicy') };
}

async function readSettings(client: ElasticBeanstalkClient, environment: EnvironmentDescription): Promise<ConfigurationOptionSetting[]> {
  const { ConfigurationSettings } = await client.send(
    new DescribeConfigurationSettingsCommand({
      ApplicationName: environment.ApplicationName,
      EnvironmentName: environment.EnvironmentName,
    }),
  );
  return ConfigurationSettings?.[0]?.OptionSettings ?? [];
}

/** Environment properties (often secrets) and passwords: the audit record keeps their names, never their values. */
const SECRET_NAMESPACES = new Set(['aws:elasticbeanstalk:application:environment', 'aws:elasticbeanstalk:application:environmentsecrets']);
const SECRET_OPTION = /password|secret|token|credential/i;
const withoutSecrets = (settings: readonly ConfigurationOptionSetting[]) =>
  settings.map((o) =>
    SECRET_NAMESPACES.has(o.Namespace ?? '') || SECRET_OPTION.test(o.OptionName ?? '') ? { ...o, Value: undefined } : o,
  );

/**
 * Elastic Beanstalk environments. The environment is the unit: TerminateEnvironment with
 * TerminateResources removes its instances, Auto Scaling group, load balancer and security groups
 * (Beanstalk's own CloudFormation stack). Those carry `elasticbeanstalk:*` tags and are protected
 * as a controller's (lambda/core/controller-tags.ts), so they are never marked one by one.
 * DescribeEnvironments has state, health and creation time but no tags: `complete` reads each
 * candidate's with ListTagsForResource, without the system tags naming the environment itself.
 */
export const elasticbeanstalkEnvironment = pagedType({
  // Tagging API type `elasticbeanstalk:environment`, ARN `arn:aws:elasticbeanstalk:{region}:{account}:environment/{application}/{name}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticbeanstalk.html), the EnvironmentArn.
  id: 'elasticbeanstalk:environment',
  label: 'Elastic Beanstalk environment',
  tagsFromList: false,
  completeReadsTags: true,
  // list_awselasticbeanstalk.html: TerminateEnvironment authorizes against `environment` (required), which
  // supports aws:ResourceTag. Tag writes (UpdateTagsForResource, through the tagging API) are the virtual
  // actions AddTags and RemoveTags (https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_UpdateTagsForResource.html).
  iam: {
    read: [
      'elasticbeanstalk:DescribeEnvironments',
      'elasticbeanstalk:ListTagsForResource',
      'elasticbeanstalk:DescribeConfigurationSettings',
    ],
    tag: ['elasticbeanstalk:AddTags', 'elasticbeanstalk:RemoveTags'],
    delete: ['elasticbeanstalk:TerminateEnvironment'],
  },
  // Before what its resources may use and that is not its own (security groups 80, for one).
  deletionOrder: 20,

  listing: {
    pages: (clients) => environmentPages(clients.get(ElasticBeanstalkClient)),
    items: (page) => page.Environments,
    resource: (e) => {
      if (!e.EnvironmentId || !e.EnvironmentArn || NOT_INVENTORY.has(e.Status ?? '')) return undefined;
      return { arn: e.EnvironmentArn, id: e.EnvironmentId, name: e.EnvironmentName, details: environmentDetails(e), needsCompletion: true };
    },
  },

  // One DescribeEnvironments per 100 candidates (state, creation time), and ListTagsForResource for each.
  complete: completeAll,

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const client = clients.get(ElasticBeanstalkClient);
    // Read again: it may have been linked to, or started an update, since it was listed. An environment
    // no longer found goes to TerminateEnvironment, whose error says so.
    const environment = await describeEnvironment(client, resource.id);
    let database: CoupledDatabase = { coupled: false };
    if (environment) {
      if (environment.Status === 'Terminating' || environment.Status === 'Terminated') {
        return { status: 'started', note: 'the environment was already being terminated' };
      }
      if (environment.Status !== 'Ready' || environment.AbortableOperationInProgress) {
        throw new RetryLaterError(
          `environment ${resource.name ?? resource.id} is ${environment.Status}${environment.AbortableOperationInProgress ? ' (an operation is in progress)' : ''}`,
        );
      }
      // TerminateEnvironment refuses, without ForceTerminate, while a linked environment depends on it.
      const dependents = await linkedFrom(client, environment);
      if (dependents.length > 0) {
        return {
          status: 'skipped',
          reason: `environment(s) ${dependents.join(', ')} link to it (EnvironmentLinks): terminate or unlink them first`,
        };
      }
      database = await coupledDatabase(client, environment);
      if (database.coupled && database.deletionPolicy !== 'Snapshot' && database.deletionPolicy !== 'Retain' && options.backup) {
        return {
          status: 'skipped',
          reason: `terminating it deletes its coupled RDS database without a snapshot (DBDeletionPolicy=${database.deletionPolicy ?? 'unknown'}); set DBDeletionPolicy to Snapshot or decouple the database first`,
        };
      }
    }
    // TerminateResources true (the default, said anyway): its instances, Auto Scaling group, load balancer
    // and security groups go with it; asynchronous, Terminating for some minutes
    // (https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_TerminateEnvironment.html).
    await client.send(new TerminateEnvironmentCommand({ EnvironmentId: resource.id, TerminateResources: true }));
    const note =
      'its instances, Auto Scaling group, load balancer and security groups are being terminated with it; its CNAME becomes free for anyone to take';
    if (!database.coupled) return { status: 'started', note };
    if (database.deletionPolicy === 'Snapshot') {
      return {
        status: 'started',
        note,
        backup: 'a final snapshot of its coupled RDS database, taken by Elastic Beanstalk (DBDeletionPolicy=Snapshot)',
      };
    }
    if (database.deletionPolicy === 'Retain') {
      return { status: 'started', note: `${note}; its coupled RDS database is retained (DBDeletionPolicy=Retain) and keeps running` };
    }
    return { status: 'started', note: `${note}; its coupled RDS database is deleted without a snapshot (backups are off)` };
  },

  // Platform, tier, version and every option setting (values of environment properties and passwords left out).
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const client = clients.get(ElasticBeanstalkClient);
      const environment = await describeEnvironment(client, resource.id);
      if (!environment) throw new Error(`environment ${resource.id} was not returned`);
      return { environment, optionSettings: withoutSecrets(await readSettings(client, environment)) };
    }),

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/elasticbeanstalk/home?region=${r.region}#/environment/dashboard?environmentId=${encodeURIComponent(r.id)}`,

  // No hint: Beanstalk itself is free (https://aws.amazon.com/elasticbeanstalk/pricing/); the environment
  // costs what its instances, load balancer, database and NAT cost, which DescribeEnvironments does not
  // say (instance type and count are option settings). A hint naming no monthly amount would rank it as
  // costing nothing; unknown is the honest rank.
  costHint: () => undefined,
});
