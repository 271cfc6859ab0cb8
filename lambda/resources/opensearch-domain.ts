import {
  DeleteDomainCommand,
  DescribeDomainsCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

/** DescribeDomains takes at most 5 names per call. */
const DESCRIBE_BATCH = 5;

/** us-east-1 on-demand USD per instance-hour, common instance types only. */
const INSTANCE_HOURLY: Readonly<Record<string, number>> = {
  't3.small.search': 0.036,
  't3.medium.search': 0.073,
  'm5.large.search': 0.142,
  'm6g.large.search': 0.128,
  'm7g.large.search': 0.136,
  'c6g.large.search': 0.113,
  'r5.large.search': 0.186,
  'r6g.large.search': 0.167,
  'r7g.large.search': 0.178,
};

function details(domain: DomainStatus): Resource['details'] {
  const cluster = domain.ClusterConfig;
  return {
    engineVersion: domain.EngineVersion,
    instanceType: cluster?.InstanceType,
    instanceCount: cluster?.InstanceCount,
    masterType: cluster?.DedicatedMasterEnabled ? cluster.DedicatedMasterType : undefined,
    masterCount: cluster?.DedicatedMasterEnabled ? cluster.DedicatedMasterCount : undefined,
  };
}

/** OpenSearch Service domains, legacy Elasticsearch engines included (same API, same ARN type). */
export const openSearchDomain: ResourceType = {
  // Tagging API type (AWS::OpenSearchService::Domain in Tag Editor / Resource Explorer),
  // ARN `arn:aws:es:{region}:{account}:domain/{name}` (DomainStatus.ARN).
  id: 'es:domain',
  label: 'OpenSearch domain',
  // DescribeDomains returns no tags; ListTags would be one call per domain: tags come from the sweep.
  tagsFromList: false,
  iam: {
    read: ['es:ListDomainNames', 'es:DescribeDomains'],
    tag: ['es:AddTags', 'es:RemoveTags'],
    delete: ['es:DeleteDomain'],
  },
  // A VPC domain holds network interfaces in its security groups (80).
  deletionOrder: 30,

  async *list(clients) {
    const { region, accountId } = clients.target;
    const openSearch = clients.get(OpenSearchClient);
    // ListDomainNames has no pagination: every domain of the region in one answer.
    const { DomainNames } = await openSearch.send(new ListDomainNamesCommand({}));
    const names = (DomainNames ?? []).flatMap((d) => (d.DomainName ? [d.DomainName] : []));
    for (let i = 0; i < names.length; i += DESCRIBE_BATCH) {
      const { DomainStatusList } = await openSearch.send(new DescribeDomainsCommand({ DomainNames: names.slice(i, i + DESCRIBE_BATCH) }));
      for (const domain of DomainStatusList ?? []) {
        // `Deleted` means deletion is in progress; a domain gone since ListDomainNames is simply not returned.
        if (!domain.ARN || !domain.DomainName || domain.Deleted) continue;
        yield {
          type: 'es:domain',
          arn: domain.ARN,
          id: domain.DomainName,
          name: domain.DomainName,
          region,
          accountId,
          // DescribeDomains reports no creation time (only DescribeDomainConfig, one call per domain),
          // so the minimum-age rule does not apply to domains; the grace period still does.
          createdAt: undefined,
          tags: {},
          details: details(domain),
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource, options) {
    await clients.get(OpenSearchClient).send(new DeleteDomainCommand({ DomainName: resource.id }));
    // A manual snapshot needs a snapshot repository registered inside the domain; automated
    // snapshots go with it. So there is no final backup to take.
    const note = 'deletion takes 10-20 minutes';
    return {
      status: 'started',
      note: options.backup ? `${note}; OpenSearch keeps no final snapshot (automated snapshots go with the domain)` : note,
    };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/aos/home?region=${r.region}#opensearch/domains/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const dataHourly = INSTANCE_HOURLY[String(r.details?.instanceType)];
    if (dataHourly === undefined) return undefined;
    const dataNodes = Number(r.details?.instanceCount ?? 1);
    let hourly = dataHourly * dataNodes;
    let mix = `${dataNodes > 1 ? `${dataNodes} × ` : ''}${r.details?.instanceType}`;
    if (r.details?.masterType !== undefined) {
      const masterHourly = INSTANCE_HOURLY[String(r.details.masterType)];
      if (masterHourly === undefined) return undefined;
      const masters = Number(r.details.masterCount ?? 3);
      hourly += masterHourly * masters;
      mix += ` + ${masters} × ${r.details.masterType} masters`;
    }
    return `~$${Math.round(hourly * 730)}/month (${mix}) + storage`;
  },
};
