import {
  DeleteServerCommand,
  type DescribedServer,
  DescribeServerCommand,
  type Domain,
  type EndpointType,
  type IdentityProviderType,
  ListAgreementsCommand,
  ListHostKeysCommand,
  ListServersCommand,
  ListTagsForResourceCommand,
  ListUsersCommand,
  type Protocol,
  type State,
  TagResourceCommand,
  TransferClient,
  UntagResourceCommand,
} from '@aws-sdk/client-transfer';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * AWS Transfer Family servers (`transfer:server`) with their users, host keys and AS2 agreements
 * (kept in the server's data: they live and die with it). DeleteServer removes the server at once;
 * AWS takes minutes, with no state of its own meanwhile. Tags through DescribeServer and
 * ListTagsForResource; ListServers has none.
 */

const SERVER = 'transfer:server';

export interface SeedTransferServerOptions {
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  state?: State;
  protocols?: Protocol[];
  endpointType?: EndpointType;
  identityProviderType?: IdentityProviderType;
  domain?: Domain;
  /** Service-managed user names. */
  users?: string[];
  /** AS2 agreement ids. */
  agreements?: string[];
  addressAllocationIds?: string[];
  vpcEndpointId?: string;
  workflowIds?: string[];
  /** DateImported of each host key beyond the one generated at creation. */
  laterHostKeys?: Date[];
}

export function seedTransferServer(account: FakeAccount, options: SeedTransferServerOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const id = `s-${account.nextId('').padStart(17, '0')}`;
  const createdAt = options.createdAt ?? new Date();
  const protocols = options.protocols ?? ['SFTP'];
  return account.put({
    type: SERVER,
    arn: buildArn('transfer', region, account.accountId, `server/${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      state: options.state ?? 'ONLINE',
      protocols,
      endpointType: options.endpointType ?? 'PUBLIC',
      identityProviderType: options.identityProviderType ?? 'SERVICE_MANAGED',
      domain: options.domain ?? 'S3',
      users: options.users ?? [],
      agreements: options.agreements ?? [],
      addressAllocationIds: options.addressAllocationIds,
      vpcEndpointId: options.vpcEndpointId,
      workflowIds: options.workflowIds ?? [],
      // Transfer generates a host key at creation (SFTP servers, as far as the fake goes).
      hostKeys: [...(protocols.includes('SFTP') ? [createdAt] : []), ...(options.laterHostKeys ?? [])],
      createdAt,
    },
  });
}

function serverIn(account: FakeAccount, id: string, region: string): FakeResource {
  const server = account.findBy(SERVER, 'id', id, region);
  if (!server) throw new FakeAwsError('ResourceNotFoundException', `Unknown server: ${id}`);
  return server;
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r) throw new FakeAwsError('ResourceNotFoundException', `Unknown resource: ${arn}`);
  return r;
}

function describedServer(s: FakeResource): DescribedServer {
  const vpc = s.data.endpointType !== 'PUBLIC';
  return {
    Arn: s.arn,
    ServerId: s.data.id,
    State: s.data.state,
    Protocols: [...s.data.protocols],
    EndpointType: s.data.endpointType,
    IdentityProviderType: s.data.identityProviderType,
    Domain: s.data.domain,
    UserCount: s.data.users.length,
    SecurityPolicyName: 'TransferSecurityPolicy-2024-01',
    Tags: tagList(s.tags),
    ...(vpc
      ? {
          EndpointDetails: {
            VpcId: 'vpc-0123456789abcdef0',
            SubnetIds: ['subnet-0123456789abcdef0'],
            ...(s.data.addressAllocationIds ? { AddressAllocationIds: [...s.data.addressAllocationIds] } : {}),
            ...(s.data.vpcEndpointId ? { VpcEndpointId: s.data.vpcEndpointId } : {}),
          },
        }
      : {}),
    ...(s.data.workflowIds.length > 0
      ? {
          WorkflowDetails: {
            OnUpload: s.data.workflowIds.map((WorkflowId: string) => ({ WorkflowId, ExecutionRole: 'arn:aws:iam::123456789012:role/wf' })),
          },
        }
      : {}),
  };
}

const pageSizeOf = (max: number | undefined, account: FakeAccount) => Math.min(max ?? 1000, account.defaultPageSize);

function checkMaxResults(max: number | undefined): void {
  if (max !== undefined && (max < 1 || max > 1000)) {
    throw new FakeAwsError('ValidationException', 'MaxResults must be between 1 and 1000');
  }
}

export function installTransfer(account: FakeAccount) {
  const stub = fakeService(TransferClient, account);

  handle(stub, account, 'transfer', ListServersCommand, (input, region) => {
    checkMaxResults(input.MaxResults);
    const { page, next } = paginate(account.list(SERVER, region), input.NextToken, pageSizeOf(input.MaxResults, account));
    return {
      Servers: page.map((s) => ({
        Arn: s.arn,
        ServerId: s.data.id,
        State: s.data.state,
        EndpointType: s.data.endpointType,
        IdentityProviderType: s.data.identityProviderType,
        Domain: s.data.domain,
        UserCount: s.data.users.length,
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'transfer', DescribeServerCommand, (input, region) => ({
    Server: describedServer(serverIn(account, required(input, 'ServerId'), region)),
  }));

  handle(stub, account, 'transfer', ListHostKeysCommand, (input, region) => {
    checkMaxResults(input.MaxResults);
    const s = serverIn(account, required(input, 'ServerId'), region);
    const keys = (s.data.hostKeys as Date[]).map((DateImported, i) => ({
      Arn: `${s.arn}/host-key/hostkey-${String(i).padStart(17, '0')}`,
      HostKeyId: `hostkey-${String(i).padStart(17, '0')}`,
      Type: 'ssh-rsa',
      DateImported,
    }));
    const { page, next } = paginate(keys, input.NextToken, pageSizeOf(input.MaxResults, account));
    return { ServerId: s.data.id, HostKeys: page, NextToken: next };
  });

  handle(stub, account, 'transfer', ListUsersCommand, (input, region) => {
    const s = serverIn(account, required(input, 'ServerId'), region);
    if (s.data.identityProviderType !== 'SERVICE_MANAGED') {
      throw new FakeAwsError('InvalidRequestException', `Cannot list users on server with IdP type: ${s.data.identityProviderType}`);
    }
    const { page, next } = paginate(s.data.users as string[], input.NextToken, pageSizeOf(input.MaxResults, account));
    return {
      ServerId: s.data.id,
      Users: page.map((UserName) => ({
        Arn: `arn:aws:transfer:${region}:${account.accountId}:user/${s.data.id}/${UserName}`,
        UserName,
        HomeDirectory: `/bucket/${UserName}`,
        Role: 'arn:aws:iam::123456789012:role/sftp-user',
        SshPublicKeyCount: 1,
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'transfer', ListAgreementsCommand, (input, region) => {
    const s = serverIn(account, required(input, 'ServerId'), region);
    const { page, next } = paginate(s.data.agreements as string[], input.NextToken, pageSizeOf(input.MaxResults, account));
    return { Agreements: page.map((AgreementId) => ({ AgreementId, ServerId: s.data.id, Status: 'ACTIVE' as const })), NextToken: next };
  });

  // No state precondition: AWS deletes a server online, offline or failed (API_DeleteServer.html lists no conflict error).
  handle(stub, account, 'transfer', DeleteServerCommand, (input, region) => {
    account.remove(serverIn(account, required(input, 'ServerId'), region).arn);
    return {};
  });

  // Handled so that a per-server tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'transfer', ListTagsForResourceCommand, (input) => {
    const r = byArn(account, required(input, 'Arn'));
    return { Arn: r.arn, Tags: tagList(r.tags) };
  });
  handle(stub, account, 'transfer', TagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'Arn'));
    account.setTags(r.arn, Object.fromEntries(required(input, 'Tags').map((t) => [t.Key!, t.Value!])));
    return {};
  });
  handle(stub, account, 'transfer', UntagResourceCommand, (input) => {
    account.removeTags(byArn(account, required(input, 'Arn')).arn, required(input, 'TagKeys'));
    return {};
  });

  return stub;
}
