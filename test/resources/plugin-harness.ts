import { paginateGetResources, ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import type { DeletionOptions, DeletionOutcome, ResourceType } from '../../lambda/resources/resource-type';
import { FakeAccount, FakeAwsError, type FakeResource, type FakeService, mockFakeServices } from '../fakes/fake-account';
import { installTagging } from '../fakes/services/tagging';

export const REGION = 'eu-west-1';
export const OTHER_REGION = 'us-east-1';

/** The configuration defaults: back up, respect protections, keep non-empty buckets. */
export const DEFAULT_DELETION: DeletionOptions = { backup: true, disableProtection: false, emptyFirst: false };

type Installer = (account: FakeAccount) => FakeService;

/** Freezes `Date` (only) at `now` for each test of the enclosing `describe`: ages and deadlines are then exact. */
export function freezeDateAt(now: Date): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => vi.useRealTimers());
}

export interface PluginHarness {
  readonly account: FakeAccount;
  readonly clients: AwsClients;
  /** What `list` yields, nothing completed. */
  listAll(): Promise<Resource[]>;
  /** The resource as the plug-in lists it; fails the test when it is not listed. */
  listed(arn: string): Promise<Resource>;
  /**
   * Lists, then completes what `list` left incomplete, as the engine does for the resources it acts
   * on (all of them here). Without `complete`, the same as `listAll`.
   */
  listAndComplete(): Promise<Resource[]>;
  /** The resource listed and completed; fails the test when it is not there (or completion left it out). */
  completed(arn: string): Promise<Resource>;
  /** ARNs the engine's tag join would see: one GetResources sweep of the region for this type. */
  arnsFromTaggingApi(): Promise<string[]>;
  /** Lists (and completes) the resource, then deletes it through the plug-in, as the engine would. */
  deleteListed(arn: string, options?: Partial<DeletionOptions>): Promise<DeletionOutcome>;
  commandsCalled(): string[];
}

/**
 * A fresh fake account per test with the tagging API and the type's own service(s) faked, and
 * helpers to list and delete through the plug-in. Registers hooks: call it inside a `describe`.
 */
export function usePluginHarness(type: ResourceType, installers: readonly Installer[]): PluginHarness {
  let account: FakeAccount;
  let clients: AwsClients;
  let restore: () => void;

  beforeEach(() => {
    account = new FakeAccount();
    restore = mockFakeServices([installTagging(account), ...installers.map((install) => install(account))]);
    clients = new AwsClients({ accountId: account.accountId, region: REGION });
  });
  afterEach(() => restore());

  const harness: PluginHarness = {
    get account() {
      return account;
    },
    get clients() {
      return clients;
    },
    async listAll() {
      const resources: Resource[] = [];
      for await (const resource of type.list(clients)) resources.push(resource);
      return resources;
    },
    async listed(arn) {
      const found = (await harness.listAll()).find((r) => r.arn === arn);
      if (!found) throw new Error(`${type.id} did not list ${arn}`);
      return found;
    },
    async listAndComplete() {
      const listed = await harness.listAll();
      const incomplete = listed.filter((r) => r.needsCompletion);
      if (incomplete.length === 0) return listed;
      if (!type.complete) throw new Error(`${type.id} lists resources with needsCompletion but has no complete()`);
      const completed = new Map((await type.complete(clients, incomplete)).map((r) => [r.arn, r]));
      return listed.flatMap((r) => (r.needsCompletion ? (completed.has(r.arn) ? [completed.get(r.arn)!] : []) : [r]));
    },
    async completed(arn) {
      const found = (await harness.listAndComplete()).find((r) => r.arn === arn);
      if (!found) throw new Error(`${type.id} did not list and complete ${arn}`);
      return found;
    },
    async arnsFromTaggingApi() {
      const arns: string[] = [];
      const pages = paginateGetResources(
        { client: clients.get(ResourceGroupsTaggingAPIClient) },
        { ResourceTypeFilters: [type.taggingType ?? type.id] },
      );
      for await (const page of pages) for (const m of page.ResourceTagMappingList ?? []) arns.push(m.ResourceARN!);
      return arns;
    },
    async deleteListed(arn, options = {}) {
      return type.delete(clients, await harness.completed(arn), { ...DEFAULT_DELETION, ...options });
    },
    commandsCalled() {
      return [...new Set(account.calls.map((c) => c.command))];
    },
  };
  return harness;
}

export interface ContractOptions {
  readonly type: ResourceType;
  readonly installers: readonly Installer[];
  /** Seeds one resource of the type; `region` defaults to REGION. */
  readonly seed: (account: FakeAccount, options: { region?: string; tags?: Record<string, string> }) => FakeResource;
  /** The service command that deletes it (or starts its deletion), e.g. `TerminateInstances`. */
  readonly deleteCommand: string;
  /** Set when a plain delete only starts the deletion: the resource may still be listed after. */
  readonly slowDeletion?: boolean;
  /**
   * The service reports no creation time (Network Firewall): complete() leaves it undefined, so the
   * minimum age cannot hold such a resource back; it must report a per-creation `identity` instead.
   */
  readonly noCreationTime?: true;
  /** Set when the service's list API has no pagination (e.g. DescribeAddresses). */
  readonly unpaginated?: boolean;
  /** The paginated list call, when it is not the first call the listing makes. */
  readonly listCommand?: string;
  /** For a type with `complete`: the per-resource read it makes (e.g. `DescribeTable`). */
  readonly completeCommand?: string;
  /** For a type with `describe`: a read it makes, failed once to show the error is recorded, not thrown. */
  readonly describeCommand?: string;
  /** The AWS error its delete throws for a resource gone since it was listed, e.g. `ResourceNotFoundException`. */
  readonly goneError?: string;
  /** The tag actions it declares, exactly. */
  readonly tagActions?: readonly string[];
  /**
   * For the IAM spec: a resource whose deletion makes every call deletion can make (protection on,
   * a backup, members to mark), and the options to delete it with. Default: one seeded resource, default options.
   */
  readonly fullDeletion?: { readonly seed?: (account: FakeAccount) => FakeResource; readonly options?: Partial<DeletionOptions> };
  /** IAM actions of a service command where they are not `{service}:{command}` (the service of the first read action). */
  readonly actionsOf?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The behaviour every type plug-in owes the engine, then what is particular to the type
 * (protections, backups, quirks), written in `specificSpecs` against the same fake account.
 */
export function describePlugin(options: ContractOptions, specificSpecs?: (h: PluginHarness) => void): void {
  describe(options.type.id, () => {
    const h = usePluginHarness(options.type, options.installers);
    describeContract(options, h);
    specificSpecs?.(h);
  });
}

function describeContract(options: ContractOptions, h: PluginHarness): void {
  const { type, seed } = options;
  describe('the plug-in contract', () => {
    it('lists never-tagged and tagged resources across several pages', async () => {
      const untagged = Array.from({ length: 6 }, () => seed(h.account, {}));
      const tagged = Array.from({ length: 6 }, () => seed(h.account, { tags: { team: 'payments' } }));
      const listed = await h.listAll();
      expect(listed.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((r) => r.arn).sort());
      const listCalls = h.account.calls.filter((c) => c.service !== 'tagging' && /^(List|Describe|Get)/.test(c.command));
      const firstListCommand = options.listCommand ?? listCalls[0]?.command;
      if (!options.unpaginated) {
        expect(h.account.callsOf(firstListCommand!).length, `${firstListCommand} should be called once per page`).toBeGreaterThan(1);
      }
      for (const r of listed) {
        expect(r).toMatchObject({ type: type.id, region: REGION, accountId: h.account.accountId });
        expect(r.id).toBeTruthy();
      }
    });

    it('ignores resources of other regions', async () => {
      const here = seed(h.account, {});
      seed(h.account, { region: OTHER_REGION });
      expect((await h.listAll()).map((r) => r.arn)).toEqual([here.arn]);
    });

    if (type.tagsFromList) {
      it('returns each resource with its tags from the list call', async () => {
        const tagged = seed(h.account, { tags: { team: 'payments', Name: 'x' } });
        expect((await h.listed(tagged.arn)).tags).toEqual({ team: 'payments', Name: 'x' });
      });
    } else {
      it('finds a never-tagged resource that GetResources does not return, without per-resource tag calls', async () => {
        const neverTagged = seed(h.account, {});
        const tagged = seed(h.account, { tags: { team: 'payments' } });
        expect(await h.arnsFromTaggingApi()).toEqual([tagged.arn]);
        h.account.calls.length = 0;
        const listed = await h.listAll();
        expect(listed.map((r) => r.arn).sort()).toEqual([neverTagged.arn, tagged.arn].sort());
        // Tags are joined by the engine from one sweep; the plug-in itself returns none.
        expect(listed.every((r) => Object.keys(r.tags).length === 0)).toBe(true);
        expect(h.commandsCalled().filter((c) => /Tag/.test(c))).toEqual([]);
      });
    }

    if (type.complete) {
      describeCompletionContract(options, h);
    } else {
      it('lists every resource complete: no needsCompletion without a complete()', async () => {
        Array.from({ length: 3 }, () => seed(h.account, {}));
        expect((await h.listAll()).filter((r) => r.needsCompletion)).toEqual([]);
      });
    }

    it('uses the ARN the tagging API uses: a mark written through TagResources is seen on that resource', async () => {
      const resource = seed(h.account, {});
      const listed = await h.listed(resource.arn);
      await h.clients
        .get(ResourceGroupsTaggingAPIClient)
        .send(new TagResourcesCommand({ ResourceARNList: [listed.arn], Tags: { 'janitor:delete-after': '2026-11-24T00:00:00Z' } }));
      expect(h.account.get(resource.arn).tags['janitor:delete-after']).toBe('2026-11-24T00:00:00Z');
      if (type.tagsFromList) expect((await h.listed(resource.arn)).tags['janitor:delete-after']).toBeDefined();
      else expect(await h.arnsFromTaggingApi()).toEqual([resource.arn]);
    });

    it('deletes through its own API', async () => {
      const resource = seed(h.account, {});
      const outcome = await h.deleteListed(resource.arn);
      expect(['deleted', 'started']).toContain(outcome.status);
      expect(h.account.callsOf(options.deleteCommand).length).toBeGreaterThan(0);
      if (!options.slowDeletion) expect(h.account.exists(resource.arn)).toBe(false);
    });

    it('links to the console page of the resource', async () => {
      const resource = seed(h.account, {});
      const url = type.consoleUrl(await h.listed(resource.arn));
      expect(url).toMatch(/^https:\/\/[^\s]+$/);
      expect(url).toContain(REGION);
    });

    it('throws a listing error with its AWS name', async () => {
      seed(h.account, {});
      await h.listAll();
      const listCommand = options.listCommand ?? h.account.calls.find((c) => c.service !== 'tagging')!.command;
      h.account.calls.length = 0;
      h.account.failNext(listCommand, () => new FakeAwsError('AccessDeniedException', 'not authorized'));

      await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
    });

    if (options.goneError) {
      it(`throws ${options.goneError} when the resource is already gone`, async () => {
        const resource = seed(h.account, {});
        const listed = await h.completed(resource.arn);
        h.account.remove(resource.arn);

        await expect(type.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: options.goneError });
      });
    }

    it('grants an IAM action for every call that list and delete make (tag calls through its tag actions)', async () => {
      const resource = (options.fullDeletion?.seed ?? ((account: FakeAccount) => seed(account, {})))(h.account);
      await h.deleteListed(resource.arn, options.fullDeletion?.options);

      const granted = grantedForListAndDelete(type);
      for (const { command, actions } of callsOfTheType(options, h)) {
        expect(/Tag/.test(command) ? type.iam.tag : granted, command).toEqual(expect.arrayContaining(actions));
      }
      if (options.tagActions) expect(type.iam.tag).toEqual(options.tagActions);
    });

    if (type.describe) describeDescribeContract(options, h);

    it('declares the IAM actions it uses', () => {
      const deletion = [...type.iam.delete, ...(type.iam.deleteUnconditioned ?? [])];
      for (const actions of [type.iam.read, type.iam.tag, deletion]) {
        expect(actions.length).toBeGreaterThan(0);
        for (const action of actions) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
      }
      // What cannot carry the mark condition says why (it lands in the policy's cdk-nag acknowledgement).
      if ((type.iam.deleteUnconditioned ?? []).length > 0) expect(type.iam.deleteUnconditionedReason).toMatch(/\w{10,}/);
    });
  });
}

/** The fakes' service names that are not the IAM service prefix. */
const IAM_PREFIX_OF: Readonly<Record<string, string>> = { efs: 'elasticfilesystem', opensearch: 'es' };

/** The calls made to the type's own service(s), not to the tagging API, with the IAM actions each needs. */
function callsOfTheType(options: ContractOptions, h: PluginHarness): { command: string; actions: string[] }[] {
  const calls = new Map<string, string>();
  for (const c of h.account.calls) if (c.service !== 'tagging') calls.set(c.command, IAM_PREFIX_OF[c.service] ?? c.service);
  return [...calls].map(([command, prefix]) => ({ command, actions: [...(options.actionsOf?.[command] ?? [`${prefix}:${command}`])] }));
}

/**
 * For a type with `describe`: it reads the configuration with read actions only, granted in
 * `iam.read`, and records a failed read as `{ error }` rather than throwing (which would stop the deletion).
 */
function describeDescribeContract(options: ContractOptions, h: PluginHarness): void {
  const { type, seed } = options;
  const describeConfiguration = type.describe!.bind(type);

  it('describe() reads the configuration with reads granted in iam.read, changing nothing', async () => {
    const resource = seed(h.account, {});
    const listed = await h.completed(resource.arn);
    h.account.calls.length = 0;

    const configuration = await describeConfiguration(h.clients, listed);

    expect(configuration).toBeTypeOf('object');
    expect(JSON.stringify(configuration)).not.toMatch(/"error"/);
    expect(h.account.mutatingCalls()).toEqual([]);
    expect(h.account.calls.length).toBeGreaterThan(0);
    for (const { command, actions } of callsOfTheType(options, h)) expect(type.iam.read, command).toEqual(expect.arrayContaining(actions));
  });

  it('describe() records a failed read as { error } instead of throwing, so the deletion goes ahead', async () => {
    expect(options.describeCommand, 'ContractOptions.describeCommand names a read describe() makes').toBeDefined();
    const resource = seed(h.account, {});
    const listed = await h.completed(resource.arn);
    h.account.failNext(options.describeCommand!, () => new FakeAwsError('AccessDeniedException', 'not authorized'));

    const configuration = await describeConfiguration(h.clients, listed);

    expect(JSON.stringify(configuration)).toContain('"error":"AccessDeniedException: not authorized"');
  });
}

/**
 * For a type with `complete`: `list` makes page fetches only, and `complete` makes at most one call
 * per resource it is given, fills in the creation time, keeps the tags, drops what is gone.
 */
function describeCompletionContract(options: ContractOptions, h: PluginHarness): void {
  const { type, seed } = options;
  const complete = type.complete!.bind(type);
  const count = 12;

  it('lists without a per-resource call: no operation is called more often than there are pages', async () => {
    const seeded = Array.from({ length: count }, (_, i) => seed(h.account, i % 2 ? { tags: { team: 'payments' } } : {}));
    const listed = await h.listAll();
    expect(listed.map((r) => r.arn).sort()).toEqual(seeded.map((r) => r.arn).sort());
    // Pages at the fakes' page size (plus one for an extra predefined entry, e.g. KMS's reserved aliases).
    const pages = Math.ceil((count + 1) / h.account.defaultPageSize);
    const byCommand = new Map<string, number>();
    for (const c of h.account.calls.filter((c) => c.service !== 'tagging')) byCommand.set(c.command, (byCommand.get(c.command) ?? 0) + 1);
    for (const [command, calls] of byCommand) expect(calls, `${command}: ${calls} calls for ${count} resources`).toBeLessThanOrEqual(pages);
    expect(listed.filter((r) => !r.protectedBecause).every((r) => r.needsCompletion === true && r.createdAt === undefined)).toBe(true);
  });

  it('complete() fills in the creation time, keeps the tags it is given, and makes at most one call per resource', async () => {
    const seeded = Array.from({ length: count }, () => seed(h.account, {}));
    const listed = (await h.listAll()).filter((r) => r.needsCompletion);
    expect(listed).toHaveLength(count);
    const joined = listed.map((r) => ({ ...r, tags: { Owner: 'someone' } }));
    h.account.calls.length = 0;

    const completed = await complete(h.clients, joined);
    // A type that reads its own tags returns those (none were seeded), with one read per resource for them.
    const expectedTags = type.completeReadsTags ? {} : { Owner: 'someone' };

    expect(completed.map((r) => r.arn).sort()).toEqual(seeded.map((r) => r.arn).sort());
    for (const r of completed) {
      expect(r.needsCompletion, r.arn).toBeUndefined();
      if (options.noCreationTime) {
        expect(r.createdAt, r.arn).toBeUndefined();
        // Else a re-created resource with its predecessor's ARN would pass for the one announced.
        expect(r.identity, r.arn).toMatch(/\S/);
      } else expect(r.createdAt, r.arn).toBeInstanceOf(Date);
      const seededAt = h.account.get(r.arn).data.createdAt;
      if (seededAt instanceof Date && r.createdAt) expect(Math.abs(r.createdAt.getTime() - seededAt.getTime()), r.arn).toBeLessThan(1000);
      expect(r.tags).toEqual(expectedTags);
      expect(r).toMatchObject({ type: type.id, region: REGION, accountId: h.account.accountId });
    }
    expect(h.account.calls.length).toBeLessThanOrEqual(type.completeReadsTags ? 2 * count : count);
    if (!type.completeReadsTags) expect(h.commandsCalled().filter((c) => /Tag/.test(c))).toEqual([]);
    expect(h.account.mutatingCalls()).toEqual([]);
  });

  if (type.completeReadsTags) {
    it('complete() re-reads the tags from the service: a tagged resource GetResources leaves out keeps its tags', async () => {
      const hidden = seed(h.account, { tags: { team: 'payments', 'janitor:exempt': 'true' } });
      const untagged = seed(h.account, {});
      h.account.taggingApiGaps.add(hidden.arn);
      expect(await h.arnsFromTaggingApi()).toEqual([]);

      const completed = await complete(h.clients, await h.listAll());

      expect(new Map(completed.map((r) => [r.arn, r.tags]))).toEqual(
        new Map([
          [hidden.arn, { team: 'payments', 'janitor:exempt': 'true' }],
          [untagged.arn, {}],
        ]),
      );
    });
  }

  it('complete() leaves out a resource deleted since it was listed, and makes no call for none', async () => {
    const [gone, kept] = [seed(h.account, {}), seed(h.account, {})];
    const listed = await h.listAll();
    h.account.remove(gone.arn);

    expect((await complete(h.clients, listed)).map((r) => r.arn)).toEqual([kept.arn]);
    h.account.calls.length = 0;
    expect(await complete(h.clients, [])).toEqual([]);
    expect(h.account.calls).toEqual([]);
  });

  it('complete() throws an AWS error with its AWS name', async () => {
    expect(options.completeCommand, 'ContractOptions.completeCommand names the per-resource read').toBeDefined();
    seed(h.account, {});
    const listed = await h.listAll();
    h.account.failNext(options.completeCommand!, () => new FakeAwsError('AccessDeniedException', 'not authorized'));

    await expect(complete(h.clients, listed)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
}

/** Every IAM action the role grants a type for listing and deleting (conditioned or not). */
export function grantedForListAndDelete(type: ResourceType): string[] {
  return [...type.iam.read, ...type.iam.delete, ...(type.iam.deleteUnconditioned ?? [])];
}
