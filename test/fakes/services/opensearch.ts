import {
  DeleteDomainCommand,
  DescribeDomainsCommand,
  type DomainInfo,
  type DomainStatus,
  ListDomainNamesCommand,
  ListTagsCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  required,
  type SeedOptions,
  seedResource,
  tagList,
} from '../fake-account';

/**
 * OpenSearch Service domains (`es:domain`). DeleteDomain marks a domain `Deleted` (deletion in
 * progress, still listed by ListDomainNames); `finishOpenSearchDeletions` plays the minutes after.
 */

const DOMAIN = 'es:domain';

export interface SeedDomainOptions extends Omit<SeedOptions, 'createdAt'> {
  /** `OpenSearch_2.13` unless given; `Elasticsearch_7.10` for a legacy domain. */
  engineVersion?: string;
  instanceType?: string;
  instanceCount?: number;
  masterType?: string;
  masterCount?: number;
  /** Deletion already in progress. */
  deleted?: boolean;
}

export function seedDomain(account: FakeAccount, options: SeedDomainOptions = {}): FakeResource {
  return seedResource(account, { type: DOMAIN, namePrefix: 'search-' }, options, ({ name, region }) => ({
    arn: buildArn('es', region, account.accountId, `domain/${name}`),
    data: {
      name,
      domainId: `${account.accountId}/${name}`,
      engineVersion: options.engineVersion ?? 'OpenSearch_2.13',
      instanceType: options.instanceType ?? 't3.small.search',
      instanceCount: options.instanceCount ?? 1,
      masterType: options.masterType,
      masterCount: options.masterCount,
      deleted: options.deleted ?? false,
    },
  }));
}

/** What OpenSearch does minutes later: every domain being deleted is gone. */
export function finishOpenSearchDeletions(account: FakeAccount): void {
  for (const d of account.list(DOMAIN)) if (d.data.deleted) account.remove(d.arn);
}

function domainIn(account: FakeAccount, name: string, region: string): FakeResource {
  const domain = account.findBy(DOMAIN, 'name', name, region);
  if (!domain) throw new FakeAwsError('ResourceNotFoundException', `Domain not found: ${name}`);
  return domain;
}

function status(domain: FakeResource): DomainStatus {
  return {
    DomainId: domain.data.domainId,
    DomainName: domain.data.name,
    ARN: domain.arn,
    Created: true,
    Deleted: domain.data.deleted,
    Processing: domain.data.deleted,
    EngineVersion: domain.data.engineVersion,
    ClusterConfig: {
      InstanceType: domain.data.instanceType,
      InstanceCount: domain.data.instanceCount,
      DedicatedMasterEnabled: domain.data.masterType !== undefined,
      DedicatedMasterType: domain.data.masterType,
      DedicatedMasterCount: domain.data.masterCount,
    },
    EBSOptions: { EBSEnabled: true, VolumeType: 'gp3', VolumeSize: 10 },
  };
}

export function installOpenSearch(account: FakeAccount) {
  const stub = fakeService(OpenSearchClient, account);

  // Unpaginated in the real API too: every domain of the region at once.
  handle(stub, account, 'opensearch', ListDomainNamesCommand, (input, region) => ({
    DomainNames: account
      .list(DOMAIN, region)
      .map(
        (d): DomainInfo => ({
          DomainName: d.data.name,
          EngineType: String(d.data.engineVersion).startsWith('Elasticsearch') ? 'Elasticsearch' : 'OpenSearch',
        }),
      )
      .filter((d) => input.EngineType === undefined || d.EngineType === input.EngineType),
  }));

  // Names it does not know are left out of the answer rather than failing the call.
  handle(stub, account, 'opensearch', DescribeDomainsCommand, (input, region) => {
    const names: string[] = input.DomainNames ?? [];
    if (names.length < 1 || names.length > 5) throw new FakeAwsError('ValidationException', 'Please provide between 1 and 5 domain names.');
    return { DomainStatusList: names.flatMap((name) => account.list(DOMAIN, region).filter((d) => d.data.name === name)).map(status) };
  });

  handle(stub, account, 'opensearch', DeleteDomainCommand, (input, region) => {
    const domain = domainIn(account, required(input, 'DomainName'), region);
    domain.data.deleted = true;
    return { DomainStatus: status(domain) };
  });

  // Handled so that a per-domain tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'opensearch', ListTagsCommand, (input) => ({ TagList: tagList(account.get(required(input, 'ARN')).tags) }));

  return stub;
}
