import { randomUUID } from 'node:crypto';
import {
  DeleteNamespaceCommand,
  DeleteWorkgroupCommand,
  GetNamespaceCommand,
  GetWorkgroupCommand,
  ListNamespacesCommand,
  ListTagsForResourceCommand,
  ListWorkgroupsCommand,
  type Namespace,
  RedshiftServerlessClient,
  type Workgroup,
} from '@aws-sdk/client-redshift-serverless';
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
} from '../fake-account';

/**
 * Redshift Serverless workgroups (`redshift-serverless:workgroup`), namespaces
 * (`redshift-serverless:namespace`) and the final snapshots namespace deletion leaves
 * (`redshift-serverless:snapshot`). Deletion moves either to `DELETING`;
 * `finishRedshiftServerlessDeletions` plays the minutes after.
 */

const WORKGROUP = 'redshift-serverless:workgroup';
const NAMESPACE = 'redshift-serverless:namespace';
export const SERVERLESS_SNAPSHOT = 'redshift-serverless:snapshot';

export interface SeedNamespaceOptions extends SeedOptions {
  /** `AVAILABLE` unless given. */
  status?: string;
}

export function seedServerlessNamespace(account: FakeAccount, options: SeedNamespaceOptions = {}): FakeResource {
  return seedResource(account, { type: NAMESPACE, namePrefix: 'namespace-' }, options, ({ name, region, createdAt }) => {
    const id = randomUUID();
    return {
      arn: buildArn('redshift-serverless', region, account.accountId, `namespace/${id}`),
      data: { name, id, status: options.status ?? 'AVAILABLE', createdAt },
    };
  });
}

export interface SeedWorkgroupOptions extends SeedOptions {
  /** The namespace it uses; a new one (untagged) unless given. */
  namespace?: FakeResource;
  /** `AVAILABLE` unless given. */
  status?: string;
  baseCapacity?: number;
}

export function seedServerlessWorkgroup(account: FakeAccount, options: SeedWorkgroupOptions = {}): FakeResource {
  const namespace = options.namespace ?? seedServerlessNamespace(account, { region: options.region });
  return seedResource(account, { type: WORKGROUP, namePrefix: 'workgroup-' }, options, ({ name, region, createdAt }) => {
    const id = randomUUID();
    return {
      arn: buildArn('redshift-serverless', region, account.accountId, `workgroup/${id}`),
      data: {
        name,
        id,
        namespaceName: namespace.data.name,
        status: options.status ?? 'AVAILABLE',
        baseCapacity: options.baseCapacity ?? 128,
        createdAt,
      },
    };
  });
}

export function serverlessSnapshots(account: FakeAccount): FakeResource[] {
  return account.list(SERVERLESS_SNAPSHOT);
}

/** What Redshift Serverless does minutes later: every workgroup and namespace being deleted is gone. */
export function finishRedshiftServerlessDeletions(account: FakeAccount): void {
  for (const r of [...account.list(WORKGROUP), ...account.list(NAMESPACE)]) if (r.data.status === 'DELETING') account.remove(r.arn);
}

function notFound(what: string): FakeAwsError {
  return new FakeAwsError('ResourceNotFoundException', `${what} not found.`);
}

function byName(account: FakeAccount, type: string, name: string, region: string): FakeResource {
  const r = account.findBy(type, 'name', name, region);
  if (!r) throw notFound(`${type === WORKGROUP ? 'Workgroup' : 'Namespace'} ${name}`);
  return r;
}

function workgroupOf(w: FakeResource): Workgroup {
  return {
    workgroupId: w.data.id,
    workgroupArn: w.arn,
    workgroupName: w.data.name,
    namespaceName: w.data.namespaceName,
    baseCapacity: w.data.baseCapacity,
    status: w.data.status,
    creationDate: w.data.createdAt,
  };
}

function namespaceOf(ns: FakeResource): Namespace {
  return {
    namespaceId: ns.data.id,
    namespaceArn: ns.arn,
    namespaceName: ns.data.name,
    status: ns.data.status,
    creationDate: ns.data.createdAt,
  };
}

/** maxResults is 1-100 for both list calls. */
function pageOf(account: FakeAccount, items: readonly FakeResource[], input: { maxResults?: number; nextToken?: string }) {
  if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > 100)) {
    throw new FakeAwsError('ValidationException', 'maxResults must be between 1 and 100.');
  }
  return paginate(items, input.nextToken || undefined, Math.min(input.maxResults ?? 100, account.defaultPageSize));
}

function takeFinalSnapshot(account: FakeAccount, namespace: FakeResource, snapshotName: string): void {
  if (account.list(SERVERLESS_SNAPSHOT, namespace.region).some((s) => s.data.name === snapshotName)) {
    throw new FakeAwsError('ConflictException', `Snapshot ${snapshotName} already exists.`);
  }
  const arn = buildArn('redshift-serverless', namespace.region, account.accountId, `snapshot/${randomUUID()}`);
  account.put({
    type: SERVERLESS_SNAPSHOT,
    arn,
    region: namespace.region,
    data: { name: snapshotName, namespaceName: namespace.data.name },
  });
}

export function installRedshiftServerless(account: FakeAccount) {
  const stub = fakeService(RedshiftServerlessClient, account);

  handle(stub, account, 'redshift-serverless', ListWorkgroupsCommand, (input, region) => {
    const { page, next } = pageOf(account, account.list(WORKGROUP, region), input);
    return { workgroups: page.map(workgroupOf), nextToken: next };
  });

  handle(stub, account, 'redshift-serverless', ListNamespacesCommand, (input, region) => {
    const { page, next } = pageOf(account, account.list(NAMESPACE, region), input);
    return { namespaces: page.map(namespaceOf), nextToken: next };
  });

  handle(stub, account, 'redshift-serverless', GetWorkgroupCommand, (input, region) => ({
    workgroup: workgroupOf(byName(account, WORKGROUP, required(input, 'workgroupName'), region)),
  }));

  handle(stub, account, 'redshift-serverless', GetNamespaceCommand, (input, region) => ({
    namespace: namespaceOf(byName(account, NAMESPACE, required(input, 'namespaceName'), region)),
  }));

  handle(stub, account, 'redshift-serverless', ListTagsForResourceCommand, (input, region) => {
    const r = account.find(required(input, 'resourceArn'));
    if (!r || r.region !== region || ![WORKGROUP, NAMESPACE].includes(r.type)) throw notFound(`Resource ${input.resourceArn}`);
    return { tags: Object.entries(r.tags).map(([key, value]) => ({ key, value })) };
  });

  handle(stub, account, 'redshift-serverless', DeleteWorkgroupCommand, (input, region) => {
    const w = byName(account, WORKGROUP, required(input, 'workgroupName'), region);
    if (w.data.status !== 'AVAILABLE') throw new FakeAwsError('ConflictException', `Workgroup ${w.data.name} is ${w.data.status}.`);
    w.data.status = 'DELETING';
    return { workgroup: workgroupOf(w) };
  });

  handle(stub, account, 'redshift-serverless', DeleteNamespaceCommand, (input, region) => {
    const ns = byName(account, NAMESPACE, required(input, 'namespaceName'), region);
    if (ns.data.status !== 'AVAILABLE') throw new FakeAwsError('ConflictException', `Namespace ${ns.data.name} is ${ns.data.status}.`);
    if (account.list(WORKGROUP, region).some((w) => w.data.namespaceName === ns.data.name)) {
      throw new FakeAwsError('ConflictException', `Namespace ${ns.data.name} is associated with a workgroup.`);
    }
    if (input.finalSnapshotName) takeFinalSnapshot(account, ns, input.finalSnapshotName);
    ns.data.status = 'DELETING';
    return { namespace: namespaceOf(ns) };
  });

  return stub;
}
