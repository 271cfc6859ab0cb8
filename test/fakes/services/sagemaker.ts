import {
  DeleteNotebookInstanceCommand,
  DescribeNotebookInstanceCommand,
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

/** SageMaker notebook instances, with the stop-before-delete lifecycle of the real service. */

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

  // Handled so that a per-notebook tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'sagemaker', ListTagsCommand, (input, region) => {
    const notebook = account.find(required(input, 'ResourceArn'));
    if (!notebook || notebook.region !== region) throw new FakeAwsError('ValidationException', 'RecordNotFound');
    return { Tags: tagList(notebook.tags) };
  });

  return stub;
}
