import {
  DeleteNotebookInstanceCommand,
  DescribeNotebookInstanceCommand,
  paginateListNotebookInstances,
  SageMakerClient,
  StopNotebookInstanceCommand,
} from '@aws-sdk/client-sagemaker';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';
import { RetryLaterError } from './resource-type';

/** us-east-1 on-demand notebook instance prices (USD/hour) for the common types. */
const HOURLY_PRICE_USD: Readonly<Record<string, number>> = {
  'ml.t3.medium': 0.05,
  'ml.t3.large': 0.1,
  'ml.t3.xlarge': 0.2,
  'ml.m5.xlarge': 0.23,
  'ml.g4dn.xlarge': 0.7364,
};
const HOURS_PER_MONTH = 24 * 30;

/** Statuses in which only the ML storage volume is billed. */
const NOT_RUNNING = new Set(['Stopped', 'Failed']);

/**
 * SageMaker notebook instances. Tagging API type `sagemaker:notebook-instance` (AWS Organizations,
 * "Services and resource types that support enforcement"). SageMaker lower-cases the name in the
 * ARN, so the ARN is taken from ListNotebookInstances rather than built, and the id is the real name.
 */
export const sagemakerNotebook = pagedType({
  id: 'sagemaker:notebook-instance',
  label: 'SageMaker notebook instance',
  tagsFromList: false,
  // Compute: goes in the first wave, like EC2 instances.
  deletionOrder: 10,
  iam: {
    read: ['sagemaker:ListNotebookInstances'],
    tag: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    delete: ['sagemaker:DescribeNotebookInstance', 'sagemaker:StopNotebookInstance', 'sagemaker:DeleteNotebookInstance'],
  },

  listing: {
    pages: (clients) => paginateListNotebookInstances({ client: clients.get(SageMakerClient), pageSize: 100 }, {}),
    items: (page) => page.NotebookInstances,
    resource: (notebook) => {
      const { NotebookInstanceName: name, NotebookInstanceArn: arn, NotebookInstanceStatus: status } = notebook;
      if (!name || !arn || status === 'Deleting') return undefined;
      return {
        arn,
        id: name,
        name,
        createdAt: notebook.CreationTime,
        details: { status, instanceType: notebook.InstanceType },
      };
    },
  },

  async delete(clients, resource) {
    const sagemaker = clients.get(SageMakerClient);
    const NotebookInstanceName = resource.id;
    // The listed status may be a wave or a run old: ask again before choosing stop or delete.
    const { NotebookInstanceStatus: status } = await sagemaker.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName }));
    switch (status) {
      case 'Stopped':
      case 'Failed':
        await sagemaker.send(new DeleteNotebookInstanceCommand({ NotebookInstanceName }));
        return { status: 'started', note: 'deletion started' };
      case 'InService':
        // Only a stopped (or failed) instance can be deleted; stopping takes minutes.
        await sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName }));
        throw new RetryLaterError('stopping; deleted once stopped');
      case 'Stopping':
        throw new RetryLaterError('stopping; deleted once stopped');
      case 'Deleting':
        return { status: 'skipped', reason: 'already being deleted' };
      default:
        // Pending, Updating, maintenance: neither stop nor delete is accepted until it settles.
        throw new RetryLaterError(`${status ?? 'unknown status'}; stopped and deleted once it settles`);
    }
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/sagemaker/home?region=${r.region}#/notebook-instances/${encodeURIComponent(r.id)}`,

  costHint(r) {
    const status = String(r.details?.status ?? '');
    if (NOT_RUNNING.has(status)) return 'storage only while stopped (~$0.14/GB-month)';
    const instanceType = String(r.details?.instanceType ?? '');
    const hourly = HOURLY_PRICE_USD[instanceType];
    if (hourly === undefined) return instanceType ? `${instanceType} billed per hour while running` : undefined;
    return `~$${Math.round(hourly * HOURS_PER_MONTH)}/month while running (${instanceType})`;
  },
});
