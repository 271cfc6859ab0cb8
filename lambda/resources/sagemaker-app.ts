import {
  type AppDetails,
  DeleteAppCommand,
  DescribeAppCommand,
  type DescribeAppCommandInput,
  type DescribeAppCommandOutput,
  paginateListApps,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { readEach } from './per-resource-reads';
import type { ResourceType } from './resource-type';
import { projectProtection, sageMakerTags } from './sagemaker-endpoint';

const TYPE = 'sagemaker:app';

/** Apps stay listed as Deleted after their deletion; neither they nor deleting ones are inventory. */
const GONE = new Set(['Deleted', 'Deleting']);

/** Rough us-east-1 Studio prices per hour (https://aws.amazon.com/sagemaker/pricing/). */
const HOURLY_PRICE_USD: Readonly<Record<string, number>> = {
  'ml.t3.medium': 0.05,
  'ml.t3.large': 0.1,
  'ml.m5.large': 0.115,
  'ml.m5.xlarge': 0.23,
  'ml.g4dn.xlarge': 0.736,
  'ml.g5.xlarge': 1.408,
};
/** A Canvas session bills $1.90 an hour while the user stays logged in. */
const CANVAS_HOURLY_USD = 1.9;
const HOURS_PER_MONTH = 24 * 30;

/** What identifies an app in DescribeApp and DeleteApp: its domain, type, name, and one owner (a user profile or a space). */
type AppKey = Pick<DescribeAppCommandInput, 'DomainId' | 'AppType' | 'AppName' | 'UserProfileName' | 'SpaceName'>;

function keyOf(app: AppDetails): AppKey {
  const owner = app.SpaceName ? { SpaceName: app.SpaceName } : { UserProfileName: app.UserProfileName };
  return { DomainId: app.DomainId, AppType: app.AppType, AppName: app.AppName, ...owner };
}

/** The key kept in a listed app's details. */
function keyOfListed(r: Resource): AppKey {
  const text = (k: string) => (typeof r.details?.[k] === 'string' ? String(r.details[k]) : undefined);
  const space = text('spaceName');
  const owner = space ? { SpaceName: space } : { UserProfileName: text('userProfileName') };
  return { DomainId: text('domainId'), AppType: text('appType') as AppKey['AppType'], AppName: text('appName'), ...owner };
}

/** The free instance classic Studio's JupyterServer runs on: deleting it saves nothing and logs the user out. */
function protection(instanceType: string | undefined): string | undefined {
  return instanceType === 'system' ? 'runs on the free system instance: deleting it saves nothing' : undefined;
}

async function resourceOf(
  sagemaker: SageMakerClient,
  app: AppDetails,
  target: { region: string; accountId: string },
): Promise<Resource | undefined> {
  const key = keyOf(app);
  let described: DescribeAppCommandOutput;
  try {
    described = await sagemaker.send(new DescribeAppCommand(key));
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFound') return undefined;
    throw error;
  }
  const arn = described.AppArn;
  if (!arn || GONE.has(described.Status ?? '')) return undefined;
  const tags = await sageMakerTags(sagemaker, arn);
  const owner = key.SpaceName ?? key.UserProfileName;
  const instanceType = app.ResourceSpec?.InstanceType;
  return {
    type: TYPE,
    arn,
    id: `${key.DomainId}/${owner}/${key.AppType}/${key.AppName}`,
    name: `${owner}/${key.AppName}`,
    region: target.region,
    accountId: target.accountId,
    createdAt: app.CreationTime,
    tags,
    protectedBecause: protection(instanceType) ?? projectProtection(tags),
    details: {
      domainId: key.DomainId,
      userProfileName: key.UserProfileName,
      spaceName: key.SpaceName,
      appType: key.AppType,
      appName: key.AppName,
      status: described.Status,
      instanceType,
      lastUserActivity: described.LastUserActivityTimestamp?.toISOString(),
    },
  };
}

/**
 * SageMaker Studio apps (JupyterLab, Code Editor, kernel gateways, Canvas, ...): each runs on an
 * instance billed by the hour until it is deleted, idle or not. Tagging API type `sagemaker:app`,
 * ARN `arn:aws:sagemaker:{region}:{account}:app/{domain}/{profile or space}/{type}/{name}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemakerai.html),
 * whose spelling SageMaker chooses: it is read with DescribeApp, and the tags with ListTags, while listing.
 * Deleting an app stops its kernels; files in the user's or space's storage stay.
 */
export const sagemakerApp: ResourceType = {
  id: TYPE,
  label: 'SageMaker Studio app',
  // Each app is described (for its ARN) and its tags read while listing.
  tagsFromList: true,
  deletionOrder: 10,
  iam: {
    read: ['sagemaker:ListApps', 'sagemaker:DescribeApp', 'sagemaker:ListTags'],
    tag: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    delete: ['sagemaker:DeleteApp'],
  },

  async *list(clients) {
    const sagemaker = clients.get(SageMakerClient);
    const { region, accountId } = clients.target;
    // MaxResults is 1-100 (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListApps.html).
    for await (const page of paginateListApps({ client: sagemaker, pageSize: 100 }, {})) {
      const live = (page.Apps ?? []).filter((a) => !GONE.has(a.Status ?? ''));
      yield* await readEach(live, (app) => resourceOf(sagemaker, app, { region, accountId }));
    }
  },

  async delete(clients, resource) {
    // Asynchronous: the app shows Deleting until its instance is released.
    await clients.get(SageMakerClient).send(new DeleteAppCommand(keyOfListed(resource)));
    return { status: 'started', note: 'deletion started; its kernels stop, files in its storage stay' };
  },

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/sagemaker/home?region=${r.region}#/studio/${encodeURIComponent(String(r.details?.domainId))}`,

  costHint(r) {
    if (r.details?.appType === 'Canvas') return `~$${Math.round(CANVAS_HOURLY_USD * HOURS_PER_MONTH)}/month while the session stays open`;
    const instanceType = String(r.details?.instanceType ?? '');
    const hourly = HOURLY_PRICE_USD[instanceType];
    if (hourly === undefined) return instanceType ? `${instanceType} billed per hour while running` : undefined;
    return `~$${Math.round(hourly * HOURS_PER_MONTH)}/month while running (${instanceType})`;
  },
};
