import {
  DeleteServerCommand,
  type DescribedServer,
  DescribeServerCommand,
  type ListedServer,
  ListHostKeysCommand,
  paginateListAgreements,
  paginateListServers,
  paginateListUsers,
  TransferClient,
} from '@aws-sdk/client-transfer';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Changing state on its own (a start or stop under way): retried in a later wave. Transfer Family has
 * no creating or deleting state; a new server is STARTING for a couple of minutes
 * (https://docs.aws.amazon.com/transfer/latest/APIReference/API_DescribedServer.html, `State`).
 */
const IN_FLUX = new Set(['STARTING', 'STOPPING']);

const NOT_FOUND = ['ResourceNotFoundException'];

/**
 * us-east-1 list price per protocol enabled on a server and hour, billed while the server exists,
 * OFFLINE too (https://aws.amazon.com/aws-transfer-family/pricing/); data transferred comes on top.
 */
const PROTOCOL_HOURLY = 0.3;

/**
 * The tags that give a server a custom hostname (https://docs.aws.amazon.com/transfer/latest/userguide/requirements-dns.html),
 * with the `aws:` spelling older servers carry. The DNS record itself lives in Route 53 or elsewhere.
 */
const HOSTNAME_TAGS = ['transfer:customHostname', 'aws:transfer:customHostname'];
const ZONE_TAGS = ['transfer:route53HostedZoneId', 'aws:transfer:route53HostedZoneId'];

const listedDetails = (s: ListedServer | DescribedServer) => ({
  state: s.State,
  endpointType: s.EndpointType,
  identityProviderType: s.IdentityProviderType,
  domain: s.Domain,
  userCount: s.UserCount,
});

const serverDetails = (s: DescribedServer) => ({ ...listedDetails(s), protocols: (s.Protocols ?? []).join(',') });

async function describeServer(client: TransferClient, id: string): Promise<DescribedServer> {
  const { Server: server } = await client.send(new DescribeServerCommand({ ServerId: id }));
  if (!server) throw new Error(`Transfer Family server ${id} was not returned`);
  return server;
}

/**
 * Transfer Family reports no creation time. A host key's DateImported is "the date on which the host
 * key was added to the server" (https://docs.aws.amazon.com/transfer/latest/APIReference/API_ListedHostKey.html):
 * the earliest is the key Transfer generated at creation unless it was replaced, never earlier, so it
 * errs young (safe). Host keys serve SFTP only; other servers' creation time stays unknown.
 */
async function creationTimeOf(client: TransferClient, server: DescribedServer): Promise<{ at?: Date }> {
  if (!server.Protocols?.includes('SFTP') || !server.ServerId) return {};
  let earliest: Date | undefined;
  let token: string | undefined;
  do {
    const page = await client.send(new ListHostKeysCommand({ ServerId: server.ServerId, MaxResults: 1000, NextToken: token }));
    for (const { DateImported: at } of page.HostKeys ?? []) if (at && (!earliest || at < earliest)) earliest = at;
    token = page.NextToken;
  } while (token);
  return { at: earliest };
}

async function completeOne(client: TransferClient, resource: Resource): Promise<Resource | undefined> {
  const server = await noneIf(NOT_FOUND, () => describeServer(client, resource.id));
  if (!server) return undefined;
  const created = await noneIf(NOT_FOUND, () => creationTimeOf(client, server));
  if (!created) return undefined;
  // DescribeServer returns the server's tags itself (API_DescribedServer.html, `Tags`).
  return { ...completedResource(resource, { createdAt: created.at, details: serverDetails(server) }), tags: tagsFromList(server.Tags) };
}

async function agreementIds(client: TransferClient, id: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateListAgreements({ client, pageSize: 1000 }, { ServerId: id })) {
    ids.push(...(page.Agreements ?? []).flatMap((a) => (a.AgreementId ? [a.AgreementId] : [])));
  }
  return ids;
}

const tagOf = (tags: Tags, keys: readonly string[]) => keys.map((k) => tags[k]).find((v) => v !== undefined);

/** What goes with the server, and what stays behind for someone to tidy, for the outcome note. */
function deletionEffects(server: DescribedServer, agreements: number): string[] {
  const effects: string[] = [];
  // "Deleting a server results in all its users being deleted"; the data in S3 or EFS stays
  // (https://docs.aws.amazon.com/transfer/latest/userguide/configuring-servers.html#delete-server).
  if (server.IdentityProviderType === 'SERVICE_MANAGED') {
    effects.push(
      `its ${server.UserCount ?? 0} user(s) (home directories, SSH public keys) go with it; their ${server.Domain ?? 'S3'} data stays`,
    );
  } else {
    effects.push(`its users live in its ${server.IdentityProviderType ?? 'custom'} identity provider, which is kept`);
  }
  if (agreements > 0) effects.push(`its ${agreements} AS2 agreement(s) with trading partners, which belong to the server, stop working`);
  const workflows = [...(server.WorkflowDetails?.OnUpload ?? []), ...(server.WorkflowDetails?.OnPartialUpload ?? [])];
  const workflowIds = [...new Set(workflows.flatMap((w) => (w.WorkflowId ? [w.WorkflowId] : [])))];
  if (workflowIds.length > 0) effects.push(`workflow(s) ${workflowIds.join(', ')} are kept`);
  const eips = server.EndpointDetails?.AddressAllocationIds ?? [];
  if (eips.length > 0) effects.push(`its Elastic IP(s) ${eips.join(', ')} stay allocated (and billed): release them if unused`);
  if (server.EndpointType === 'VPC_ENDPOINT' && server.EndpointDetails?.VpcEndpointId) {
    effects.push(`VPC endpoint ${server.EndpointDetails.VpcEndpointId} is kept`);
  }
  const tags = tagsFromList(server.Tags);
  const hostname = tagOf(tags, HOSTNAME_TAGS);
  if (hostname) {
    const zone = tagOf(tags, ZONE_TAGS);
    effects.push(
      `the DNS record of its custom hostname ${hostname}${zone ? ` (Route 53 zone ${zone})` : ''} is not removed: delete or repoint it`,
    );
  }
  return effects;
}

/**
 * AWS Transfer Family servers (SFTP, FTPS, FTP, AS2 endpoints), billed per protocol and hour while they
 * exist, stopped or not. ListServers has state, endpoint and user count but no tags: `complete` reads
 * each candidate's with DescribeServer. Deleting a server deletes its users; the outcome note says what
 * else goes with it and what is left behind (Elastic IPs, DNS records, workflows).
 */
export const transferServer = pagedType({
  // Tagging API type `transfer:server`, ARN `arn:aws:transfer:{region}:{account}:server/{id}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awstransferfamily.html), the server's Arn.
  id: 'transfer:server',
  label: 'Transfer Family server',
  tagsFromList: false,
  completeReadsTags: true,
  // list_awstransferfamily.html: DeleteServer, TagResource and UntagResource authorize against `server`,
  // which supports aws:ResourceTag; ListServers has no resource type (read on `*`).
  iam: {
    read: ['transfer:ListServers', 'transfer:DescribeServer', 'transfer:ListHostKeys', 'transfer:ListAgreements', 'transfer:ListUsers'],
    tag: ['transfer:TagResource', 'transfer:UntagResource'],
    delete: ['transfer:DeleteServer'],
  },
  // Before security groups (80) and Elastic IPs (90): a VPC-hosted server's endpoint holds both.
  deletionOrder: 50,

  listing: {
    // MaxResults is 1-1000 (https://docs.aws.amazon.com/transfer/latest/APIReference/API_ListServers.html).
    pages: (clients) => paginateListServers({ client: clients.get(TransferClient), pageSize: 1000 }, {}),
    items: (page) => page.Servers,
    resource: (s) => {
      if (!s.ServerId || !s.Arn) return undefined;
      return { arn: s.Arn, id: s.ServerId, details: listedDetails(s), needsCompletion: true };
    },
  },

  // DescribeServer (state, protocols, tags) and, for SFTP servers, ListHostKeys (creation time) per candidate.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(TransferClient), r)),

  async delete(clients, resource): Promise<DeletionOutcome> {
    const client = clients.get(TransferClient);
    // Read again: users, agreements, Elastic IPs or a hostname may have been added since it was listed.
    const server = await describeServer(client, resource.id);
    if (IN_FLUX.has(server.State ?? '')) throw new RetryLaterError(`Transfer Family server ${resource.id} is ${server.State}`);
    const agreements = server.Protocols?.includes('AS2') ? (await agreementIds(client, resource.id)).length : 0;
    // Asynchronous: the server is gone some minutes later, whatever its state
    // (https://docs.aws.amazon.com/transfer/latest/APIReference/API_DeleteServer.html).
    await client.send(new DeleteServerCommand({ ServerId: resource.id }));
    return { status: 'started', note: ['deletion takes a few minutes', ...deletionEffects(server, agreements)].join('; ') };
  },

  // The server, its service-managed users (names, home directories, roles) and its AS2 agreements: what recreating it takes.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const client = clients.get(TransferClient);
      const server = await describeServer(client, resource.id);
      const users = [];
      // ListUsers refuses servers whose users live in another identity provider.
      if (server.IdentityProviderType === 'SERVICE_MANAGED') {
        for await (const page of paginateListUsers({ client, pageSize: 1000 }, { ServerId: resource.id }))
          users.push(...(page.Users ?? []));
      }
      const agreements = server.Protocols?.includes('AS2') ? await agreementIds(client, resource.id) : [];
      return { server, users, agreements };
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/transfer/home?region=${r.region}#/servers/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const protocols = String(r.details?.protocols ?? '')
      .split(',')
      .filter((p) => p !== '');
    if (protocols.length === 0) return undefined;
    return `~$${Math.round(PROTOCOL_HOURLY * protocols.length * 730)}/month (${protocols.join(', ')}) + data transferred`;
  },
});
