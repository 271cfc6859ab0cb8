import { createRequire } from 'node:module';
import { join } from 'node:path';
import { externalDataInterceptor, getHomeDir } from '@smithy/core/config';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * An in-memory AWS account behind `aws-sdk-client-mock`: every faked service reads and writes the
 * same resources, so tags written through the tagging API show up in EC2's Describe calls and so on.
 */

export interface FakeResource {
  /** Registry type id, e.g. `ec2:instance`. */
  type: string;
  /** The Resource Groups Tagging API type, where it is not `type` (DocumentDB clusters are `rds:cluster`). */
  taggingType?: string;
  arn: string;
  region: string;
  tags: Record<string, string>;
  /** GetResources only returns resources that carry, or once carried, a tag. */
  everTagged: boolean;
  /** Service-specific state, owned by that service's fake. */
  data: Record<string, any>;
}

export interface RecordedCall {
  service: string;
  command: string;
  region: string;
  input: any;
}

/** failNext's command for a fault that hits every call. */
export const ANY_COMMAND = '*';

export class FakeAwsError extends Error {
  readonly $metadata = { httpStatusCode: 400 };
  readonly $fault = 'client';
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Error codes a FailedResourcesMap entry carries. The SDK's `ErrorCode` enum has only the tagging API's
 * own two; AWS documents that entries also carry the hosting service's codes, `AccessDeniedException`
 * the common one (https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_FailureInfo.html).
 */
export type TaggingFailureCode = 'InternalServiceException' | 'InvalidParameterException' | 'AccessDeniedException';

interface Fault {
  command: string;
  error: () => Error;
  remaining: number;
  region?: string;
  matches?: (input: any) => boolean;
}

/**
 * The account's resources by ARN, a `Map` in every respect (insertion order included), that also
 * keeps them by (type, region) as they are set and deleted, so a listing costs what it returns
 * rather than a scan of the whole account. A stored resource's `type` and `region` must not be
 * changed in place (store a new object under the ARN instead).
 */
export class ResourceMap extends Map<string, FakeResource> {
  /** By `type` and by `type region`: ARN to resource, each in the order the resources were first set. */
  private index?: Map<string, Map<string, FakeResource>>;

  private static keysOf(r: FakeResource): [string, string] {
    return [r.type, `${r.type} ${r.region}`];
  }

  private bucket(key: string): Map<string, FakeResource> {
    this.index ??= new Map();
    let bucket = this.index.get(key);
    if (!bucket) {
      bucket = new Map();
      this.index.set(key, bucket);
    }
    return bucket;
  }

  override set(arn: string, resource: FakeResource): this {
    const previous = super.get(arn);
    super.set(arn, resource);
    if (previous && (previous.type !== resource.type || previous.region !== resource.region)) {
      for (const key of ResourceMap.keysOf(previous)) this.bucket(key).delete(arn);
      // It keeps its place in the Map: its new buckets follow that order (rare, so a scan is fine).
      for (const key of ResourceMap.keysOf(resource)) this.rebuild(key);
    } else {
      for (const key of ResourceMap.keysOf(resource)) this.bucket(key).set(arn, resource);
    }
    return this;
  }

  private rebuild(key: string): void {
    const bucket = this.bucket(key);
    bucket.clear();
    for (const [arn, r] of this) if (ResourceMap.keysOf(r).includes(key)) bucket.set(arn, r);
  }

  override delete(arn: string): boolean {
    const previous = super.get(arn);
    if (previous) for (const key of ResourceMap.keysOf(previous)) this.bucket(key).delete(arn);
    return super.delete(arn);
  }

  override clear(): void {
    super.clear();
    this.index?.clear();
  }

  /** Resources of one type (in one region, or in all), in insertion order. */
  ofType(type: string, region?: string): FakeResource[] {
    return [...(this.index?.get(region === undefined ? type : `${type} ${region}`)?.values() ?? [])];
  }
}

export class FakeAccount {
  readonly accountId: string;
  readonly resources = new ResourceMap();
  readonly calls: RecordedCall[] = [];
  readonly secrets = new Map<string, string>();
  /** Lambda's account limits (GetAccountSettings): 1,000 concurrent executions, none reserved. */
  lambdaConcurrency = { total: 1000, unreserved: 1000 };
  /** ARNs whose TagResources/UntagResources entry fails, reported in FailedResourcesMap. */
  readonly tagFailures = new Map<string, { ErrorCode: TaggingFailureCode; StatusCode: number; ErrorMessage: string }>();
  /** ARNs GetResources leaves out though they carry tags: a service the tagging API does not index (yet). */
  readonly taggingApiGaps = new Set<string>();
  /** Every resource removed through an AWS API call, with its tags at that moment. */
  readonly removals: { arn: string; tags: Record<string, string>; callIndex: number }[] = [];
  /** Every tag write, with the tags before it: evidence for "never marks twice". */
  readonly tagWrites: { arn: string; before: Record<string, string>; written: Record<string, string>; callIndex: number }[] = [];
  /**
   * Simulates a Lambda timeout: from this call on (0-based count of recorded calls) every AWS call
   * hangs forever, so the run stops at that point exactly as a killed process would.
   */
  freezeAtCall?: number;
  /** The same, at the `occurrence`-th call (1-based) of one command, e.g. the second TagResources. */
  freezeAtCommand?: { command: string; occurrence: number };
  private frozen?: () => void;
  /** Page size the fakes use when the caller does not ask for one; small to exercise pagination. */
  defaultPageSize = 5;
  private readonly faults: Fault[] = [];
  /** State changes AWS makes asynchronously (an instance shutting down releases its groups later). */
  private readonly eventually: (() => void)[] = [];
  private idCounter = 0;
  /** Access keys STS issued for roles in this account: calls signed with them act here. */
  readonly accessKeys = new Set<string>();
  /** Roles other accounts may assume (name to the external id the trust policy demands, if any). */
  readonly assumableRoles = new Map<string, { externalId?: string }>();
  /** Every account of the simulated world, for STS AssumeRole across accounts. */
  peers: FakeAccount[] = [this];
  /** What EC2 DescribeRegions reports as enabled for this account. */
  enabledRegions = ['eu-west-1', 'us-east-1'];

  constructor(accountId = '123456789012') {
    this.accountId = accountId;
  }

  nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${this.idCounter.toString(16).padStart(8, '0')}`;
  }

  put(
    resource: Omit<FakeResource, 'everTagged' | 'tags' | 'data'> & { tags?: Record<string, string>; data?: Record<string, any> },
  ): FakeResource {
    const tags = { ...(resource.tags ?? {}) };
    const stored: FakeResource = { ...resource, tags, data: resource.data ?? {}, everTagged: Object.keys(tags).length > 0 };
    this.resources.set(stored.arn, stored);
    return stored;
  }

  find(arn: string): FakeResource | undefined {
    return this.resources.get(arn);
  }

  get(arn: string): FakeResource {
    const r = this.resources.get(arn);
    if (!r) throw new Error(`fake account has no resource ${arn}`);
    return r;
  }

  exists(arn: string): boolean {
    return this.resources.has(arn);
  }

  remove(arn: string): void {
    const r = this.resources.get(arn);
    if (r) this.removals.push({ arn, tags: { ...r.tags }, callIndex: this.calls.length });
    this.resources.delete(arn);
  }

  /** Resolves when a frozen call is reached (see `freezeAtCall`). */
  whenFrozen(): Promise<void> {
    return new Promise((resolve) => (this.frozen = resolve));
  }

  /** True when the current call must hang; clears the freeze so the next run works normally. */
  freezesNow(): boolean {
    const byIndex = this.freezeAtCall !== undefined && this.calls.length >= this.freezeAtCall;
    const at = this.freezeAtCommand;
    const byCommand = at !== undefined && this.calls.at(-1)?.command === at.command && this.callsOf(at.command).length >= at.occurrence;
    if (!byIndex && !byCommand) return false;
    this.freezeAtCall = undefined;
    this.freezeAtCommand = undefined;
    this.frozen?.();
    return true;
  }

  /** Resources of a type (in a region): costs what it returns, not a scan of the account. */
  list(type: string, region?: string): FakeResource[] {
    return this.resources.ofType(type, region);
  }

  /** Finds by a service-specific data field, e.g. `findBy('ec2:instance', 'instanceId', 'i-1')`. */
  findBy(type: string, field: string, value: unknown, region?: string): FakeResource | undefined {
    return this.list(type, region).find((r) => r.data[field] === value);
  }

  setTags(arn: string, tags: Record<string, string>): void {
    const r = this.get(arn);
    this.tagWrites.push({ arn, before: { ...r.tags }, written: { ...tags }, callIndex: this.calls.length });
    Object.assign(r.tags, tags);
    if (Object.keys(tags).length > 0) r.everTagged = true;
  }

  removeTags(arn: string, keys: readonly string[]): void {
    const r = this.get(arn);
    for (const k of keys) delete r.tags[k];
  }

  /** Schedules an asynchronous AWS state change; it happens at the next `settle()`. */
  later(change: () => void): void {
    this.eventually.push(change);
  }

  /** Lets simulated time pass: every pending asynchronous change happens now. */
  settle(): void {
    for (const change of this.eventually.splice(0)) change();
  }

  /** The next `times` calls of `command` (e.g. `DeleteSecurityGroup`, or ANY_COMMAND for every call) throw the given error. */
  failNext(command: string, error: () => Error, times = 1, region?: string, matches?: (input: any) => boolean): void {
    this.faults.push({ command, error, remaining: times, region, matches });
  }

  /** Records a call and throws an injected fault if one is pending for it. */
  record(service: string, command: string, region: string, input: object): void {
    // A copy: SDK paginators reuse the input object between pages.
    this.calls.push({ service, command, region, input: { ...input } });
    const fault = this.faults.find(
      (f) =>
        (f.command === command || f.command === ANY_COMMAND) &&
        f.remaining > 0 &&
        (f.region === undefined || f.region === region) &&
        (f.matches?.(input) ?? true),
    );
    if (fault) {
      fault.remaining -= 1;
      throw fault.error();
    }
  }

  callsOf(command: string): RecordedCall[] {
    return this.calls.filter((c) => c.command === command);
  }

  /** Write calls, for asserting that a dry run or a capped run changed nothing. */
  mutatingCalls(): RecordedCall[] {
    return this.calls.filter((c) => !/^(Describe|List|Get|Head)/.test(c.command));
  }
}

type ClientClass = new (...args: any[]) => any;
type CommandClass = new (input: any) => { readonly input: object };

/** The SDK's input type of a command class, e.g. `GetQueueAttributesCommandInput`. */
export type CommandInput<C extends CommandClass> = InstanceType<C>['input'];

/** The SDK's output type of a command class (from `resolveMiddleware`'s handler), e.g. `GetQueueAttributesCommandOutput`. */
export type CommandOutput<C extends CommandClass> =
  InstanceType<C> extends { resolveMiddleware(...args: any[]): (...args: any[]) => Promise<{ output: infer O }> } ? O : never;

/**
 * What a fake answers for a command: the SDK's output shape without the `$metadata` the client adds.
 * Excess-property checks apply, so a field or an enum value AWS does not have fails to compile.
 */
export type FakeOutput<C extends CommandClass> = Omit<CommandOutput<C>, '$metadata'>;

/** One faked command of one account: records the call, honours freezes, then answers. */
export interface FakeCommand {
  readonly command: CommandClass;
  run(input: unknown, region: string): Promise<unknown>;
}

/**
 * One service of one fake account: its commands by name (`ListTables`). Nothing is intercepted
 * until `mockFakeServices` puts it in front of the SDK; the loopback HTTP endpoint serves the
 * same tables over real HTTP instead.
 */
export interface FakeService {
  readonly client: ClientClass;
  readonly account: FakeAccount;
  service: string;
  readonly commands: Map<string, FakeCommand>;
}

export function fakeService(client: ClientClass, account: FakeAccount): FakeService {
  return { client, account, service: '', commands: new Map() };
}

/**
 * Wires one command of a faked service to a handler that sees the account and the client's region.
 * The handler's input is the command's SDK input type and its answer is checked against the
 * command's SDK output type. Handlers throw `FakeAwsError` for AWS errors, as the SDK would.
 */
export function handle<C extends CommandClass>(
  fake: FakeService,
  account: FakeAccount,
  service: string,
  command: C,
  handler: NoInfer<(input: CommandInput<C>, region: string) => FakeOutput<C> | Promise<FakeOutput<C>>>,
): void {
  const name = command.name.replace(/Command$/, '');
  fake.service = service;
  fake.commands.set(name, {
    command,
    async run(input: unknown, region: string) {
      account.record(service, name, region, input as object);
      if (account.freezesNow()) return new Promise(() => {});
      return handler(input as CommandInput<C>, region);
    },
  });
}

type SinonSandbox = NonNullable<NonNullable<Parameters<typeof mockClient>[1]>['sandbox']>;

/**
 * While faked, the SDK sees `~/.aws/config` and `~/.aws/credentials` as empty files. Every new
 * client loads them (retry mode, endpoints, ...) through one cached `fs` read that only settles
 * when the event loop turns; the fakes answer on microtasks alone, so a test that never yields
 * (a fast-check property running thousands of histories) kept every client of every history
 * waiting on that read, hence reachable. Empty is also hermetic: a developer's profiles never leak
 * into a faked account. Paths redirected by `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` are
 * read as usual. Returns the undo.
 */
function interceptSharedConfigFiles(): () => void {
  const record = externalDataInterceptor.getFileRecord();
  const undo = ['config', 'credentials'].map((file) => {
    const path = join(getHomeDir(), '.aws', file);
    const previous = record[path];
    externalDataInterceptor.interceptFile(path, '');
    const ours = record[path];
    return () => {
      if (record[path] !== ours) return;
      if (previous === undefined) delete record[path];
      else record[path] = previous;
    };
  });
  return () => {
    for (const u of undo.reverse()) u();
  };
}

/**
 * The sinon that `aws-sdk-client-mock` itself loads (its CommonJS build requires `sinon`'s CommonJS
 * build). Importing `sinon` here would give ESM importers its separate ESM bundle, whose stubs do not
 * recognise the CommonJS matchers `stub.on(Command)` installs, so no command would ever match.
 */
const sinonOfClientMock: { createSandbox(): SinonSandbox } = createRequire(require.resolve('aws-sdk-client-mock'))('sinon');

/**
 * Puts faked services in front of the SDK (one `aws-sdk-client-mock` stub per client class).
 * With several accounts, a call goes to the account whose STS-issued access key signed it, else
 * to the first account (the ambient credentials). Returns the restore function, which
 * restores every stub and leaves nothing of these services or their accounts reachable.
 */
export function mockFakeServices(services: readonly FakeService[]): () => void {
  const byClient = new Map<ClientClass, FakeService[]>();
  for (const s of services) byClient.set(s.client, [...(byClient.get(s.client) ?? []), s]);
  // A sandbox of our own: stubs made in sinon's default sandbox stay in its module-level collection
  // after `stub.restore()`, and with them their call history (every command, client and middleware
  // stack) and every faked account. `sandbox.restore()` restores the stubs and forgets them.
  const sandbox = sinonOfClientMock.createSandbox();
  const uninterceptFiles = interceptSharedConfigFiles();
  // Which account an access key signs for, found once per key: an organization of a thousand
  // accounts makes every call's lookup a scan otherwise (bench/org-scale.ts).
  const accountOfKey = new Map<string, FakeAccount>();
  for (const [client, fakes] of byClient) {
    const stub = mockClient(client, { sandbox });
    const names = new Set(fakes.flatMap((f) => [...f.commands.keys()]));
    const fakesOf = new Map<FakeAccount, FakeService[]>();
    for (const f of fakes) fakesOf.set(f.account, [...(fakesOf.get(f.account) ?? []), f]);
    const signer = (accessKeyId: string): FakeAccount | undefined => {
      let known = accountOfKey.get(accessKeyId);
      if (!known) {
        known = fakes.find((f) => f.account.accessKeys.has(accessKeyId))?.account;
        if (known) accountOfKey.set(accessKeyId, known);
      }
      return known && fakesOf.has(known) ? known : undefined;
    };
    for (const name of names) {
      const command = fakes.find((f) => f.commands.has(name))!.commands.get(name)!.command;
      stub.on(command as any).callsFake(async (input: unknown, getClient: () => any) => {
        const config = getClient().config;
        const region: string = await config.region();
        let account = fakes[0]!.account;
        if (fakesOf.size > 1) {
          const { accessKeyId } = await config.credentials();
          account = signer(accessKeyId) ?? account;
        }
        const entry = fakesOf
          .get(account)
          ?.find((f) => f.commands.has(name))
          ?.commands.get(name);
        if (!entry) throw new FakeAwsError('UnknownOperationException', `${name} is not faked for account ${account.accountId}`);
        // Sinon keeps every call (input, client, a stack trace) until reset; the accounts record their own.
        stub.resetHistory();
        return entry.run(input, region);
      });
    }
  }
  return () => {
    sandbox.restore();
    uninterceptFiles();
  };
}

/** Pages through `items` with an opaque numeric token, as AWS list APIs do. */
export function paginate<T>(items: readonly T[], token: string | undefined, pageSize: number): { page: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  if (!Number.isInteger(start) || start < 0) throw new FakeAwsError('InvalidParameterValue', `bad pagination token ${token}`);
  const end = start + pageSize;
  return { page: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/**
 * A member the SDK types as optional but AWS requires: absent, AWS rejects the call before looking
 * anything up (`ValidationException` on the JSON protocols, `MissingParameter` on EC2's query one).
 */
export function required<T extends object, K extends keyof T & string>(
  input: T,
  member: K,
  errorName = 'ValidationException',
): NonNullable<T[K]> {
  const value = input[member];
  if (value === undefined || value === null) {
    throw new FakeAwsError(
      errorName,
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value as NonNullable<T[K]>;
}

/** Options every seed function takes: the resource's name, where it lives, its tags, when it was made. */
export interface SeedOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
}

/** The region seeds use when a spec names none. */
export const DEFAULT_SEED_REGION = 'eu-west-1';

/**
 * The seeding every service repeats: default the name (`namePrefix` plus the account's next id),
 * the region and the creation time, build the ARN and the service's data from them, and put the
 * resource into the account with the spec's tags.
 */
export function seedResource(
  account: FakeAccount,
  kind: { type: string; namePrefix: string },
  options: SeedOptions,
  build: (at: { name: string; region: string; createdAt: Date }) => { arn: string; data: Record<string, unknown> },
): FakeResource {
  const name = options.name ?? account.nextId(kind.namePrefix);
  const region = options.region ?? DEFAULT_SEED_REGION;
  const { arn, data } = build({ name, region, createdAt: options.createdAt ?? new Date() });
  return account.put({ type: kind.type, arn, region, tags: options.tags, data });
}
