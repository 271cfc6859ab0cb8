import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lambda/aws/clients';
import { readRegionOutline } from '../../../lambda/aws/resource-explorer';
import { readTagsLive, sweepTags, tagResources } from '../../../lambda/aws/tagging';
import { MARK_TAG, type Resource } from '../../../lambda/core/model';
import { RESOURCE_TYPES } from '../../../lambda/resources/registry';
import { type DeletionOptions, type DeletionOutcome, type ResourceType, RetryLaterError } from '../../../lambda/resources/resource-type';
import { FakeAccount, type FakeResource } from '../fake-account';
import { fakeServicesOf } from '../install';
import { FAKE_SUPPORTED_TYPES, setUpResourceExplorer } from '../services/resource-explorer';
import { type AwsHttpEndpoint, FAKE_CREDENTIALS, startAwsHttpEndpoint } from './aws-http-endpoint';
import { SERVED_TYPE_SEEDERS } from './served-types';

/**
 * Every registered type end to end through real SDK clients over HTTP against the loopback fake
 * endpoint, whatever protocol its service speaks: list (over several pages), complete, mark
 * through the tagging API and read the mark back, delete. The registry is iterated, so a type
 * added later is covered without touching this file; a protocol or operation the endpoint does
 * not serve makes the SDK throw here.
 */

const REGION = 'eu-west-1';
const LONG_AGO = new Date('2026-01-01T00:00:00.000Z');
const SEEDED = 5;
/** The fakes' page size: every paginated list takes three pages. */
const PAGE_SIZE = 2;
const MARK = { [MARK_TAG]: '2026-12-01T00:00:00Z' };
const PLAIN_DELETE: DeletionOptions = { backup: false, disableProtection: false, emptyFirst: false };

/** Never tagged, then tagged, alternately. */
const tagsFor = (i: number): Record<string, string> | undefined => (i % 2 === 0 ? undefined : { Owner: `team-${i}` });

async function listAll(type: ResourceType, clients: AwsClients): Promise<Resource[]> {
  const listed: Resource[] = [];
  for await (const resource of type.list(clients)) listed.push(resource);
  return listed;
}

/** Lists, then completes what the listing left incomplete, as the engine does for its candidates. */
async function listAndComplete(type: ResourceType, clients: AwsClients): Promise<Resource[]> {
  const listed = await listAll(type, clients);
  const incomplete = listed.filter((r) => r.needsCompletion);
  if (incomplete.length === 0) return listed;
  expect(type.complete, `${type.id} lists resources needing completion`).toBeDefined();
  const completed = await type.complete!(clients, incomplete);
  expect(completed.map((r) => r.arn).sort()).toEqual(incomplete.map((r) => r.arn).sort());
  const byArn = new Map(completed.map((r) => [r.arn, r]));
  return listed.map((r) => byArn.get(r.arn) ?? r);
}

/**
 * Deletes as the engine's first wave does. A `RetryLater` after a change the service accepted (a
 * notebook instance told to stop before it can be deleted) is a deletion started: the engine
 * finishes it in a later wave.
 */
async function deleteOrStart(type: ResourceType, clients: AwsClients, resource: Resource, account: FakeAccount): Promise<DeletionOutcome> {
  const writesBefore = account.mutatingCalls().length;
  try {
    return await type.delete(clients, resource, PLAIN_DELETE);
  } catch (error) {
    if (error instanceof RetryLaterError && account.mutatingCalls().length > writesBefore)
      return { status: 'started', note: error.message };
    throw error;
  }
}

/** The seeder kept `createdAt` when some date of the fake's data is it. */
const keepsCreationTime = (r: FakeResource): boolean =>
  Object.values(r.data).some((v) => v instanceof Date && v.getTime() === LONG_AGO.getTime());

function describeOverHttp(type: ResourceType): void {
  describe(type.id, () => {
    let account: FakeAccount;
    let endpoint: AwsHttpEndpoint;
    let clients: AwsClients;
    let seeded: FakeResource[];

    beforeAll(async () => {
      account = new FakeAccount();
      account.defaultPageSize = PAGE_SIZE;
      const seed = SERVED_TYPE_SEEDERS[type.id];
      expect(seed, `${type.id} has a seeder in served-types.ts`).toBeDefined();
      seeded = Array.from({ length: SEEDED }, (_, i) => seed!(account, { region: REGION, createdAt: LONG_AGO, tags: tagsFor(i) }));
      endpoint = await startAwsHttpEndpoint({ services: fakeServicesOf(account), throttling: false });
      clients = new AwsClients({
        accountId: account.accountId,
        region: REGION,
        endpoint: endpoint.url,
        credentials: async () => FAKE_CREDENTIALS,
      });
    });
    afterAll(() => endpoint?.close());

    it('lists every seeded resource over several pages, with its tags and creation time', async () => {
      const resources = await listAndComplete(type, clients);
      expect(resources.map((r) => r.arn).sort()).toEqual(seeded.map((r) => r.arn).sort());
      const byArn = new Map(resources.map((r) => [r.arn, r]));
      const swept = type.tagsFromList ? undefined : await sweepTags(clients, [type.taggingType ?? type.id]);
      for (const s of seeded) {
        const r = byArn.get(s.arn)!;
        expect(r).toMatchObject({ type: type.id, region: REGION, accountId: account.accountId });
        // Tags come with the listing, or from the engine's one GetResources sweep (never-tagged ones absent).
        if (swept) expect(swept.get(s.arn), s.arn).toEqual(Object.keys(s.tags).length > 0 ? s.tags : undefined);
        else expect(r.tags, s.arn).toEqual(s.tags);
        if (keepsCreationTime(s)) expect(r.createdAt, s.arn).toEqual(LONG_AGO);
        else if (r.createdAt !== undefined) expect(r.createdAt, s.arn).toBeInstanceOf(Date);
      }
      // Paged at PAGE_SIZE: some read went once per page, unless the API has no pagination (one call for all).
      const reads = [...endpoint.stats.calls].filter(([key]) => !key.startsWith('tagging:')).map(([, n]) => n);
      expect(Math.max(...reads) >= Math.ceil(SEEDED / PAGE_SIZE) || reads.every((n) => n === 1), JSON.stringify(reads)).toBe(true);
    });

    it('marks a resource through the tagging API and reads the mark back', async () => {
      const target = seeded[0]!;
      expect(await tagResources(clients, [target.arn], MARK)).toEqual(new Map());
      expect(account.get(target.arn).tags).toMatchObject(MARK);
      // Read back where the engine reads it: the listing itself, or GetResources (some types, e.g.
      // Auto Scaling groups, are taggable through the API but never returned by GetResources).
      if (type.tagsFromList) {
        const listed = (await listAll(type, clients)).find((r) => r.arn === target.arn);
        expect(listed?.tags).toMatchObject(MARK);
      } else {
        expect((await readTagsLive(clients, [target.arn])).get(target.arn)).toMatchObject(MARK);
        expect((await sweepTags(clients, [type.taggingType ?? type.id])).get(target.arn)).toMatchObject(MARK);
      }
    });

    it('deletes the marked resource (or starts its deletion)', async () => {
      const target = seeded[0]!;
      const resource = (await listAndComplete(type, clients)).find((r) => r.arn === target.arn);
      expect(resource, `${target.arn} is listed before its deletion`).toBeDefined();
      const writesBefore = account.mutatingCalls().length;
      const outcome = await deleteOrStart(type, clients, resource!, account);
      expect(['deleted', 'started'], JSON.stringify(outcome)).toContain(outcome.status);
      if (outcome.status === 'deleted') expect(account.exists(target.arn)).toBe(false);
      else expect(account.mutatingCalls().length, 'a started deletion changed something').toBeGreaterThan(writesBefore);
    });

    it('called only served operations, none failing inside a fake', () => {
      expect([...endpoint.stats.unserved.keys()]).toEqual([]);
      expect([...endpoint.stats.errors.keys()].filter((k) => k.endsWith(':FakeInternalError'))).toEqual([]);
    });
  });
}

describe('every registered type over HTTP, through real SDK clients', () => {
  for (const type of RESOURCE_TYPES) describeOverHttp(type);
});

describe('the Resource Explorer pre-check over HTTP, through a real SDK client', () => {
  it('reads the index (its creation date), the default view, the supported types and the search', async () => {
    const account = new FakeAccount();
    account.defaultPageSize = PAGE_SIZE;
    setUpResourceExplorer(account, [REGION]);
    SERVED_TYPE_SEEDERS['sqs:queue']!(account, { region: REGION, createdAt: LONG_AGO });
    const endpoint = await startAwsHttpEndpoint({ services: fakeServicesOf(account), throttling: false });
    try {
      const clients = new AwsClients({
        accountId: account.accountId,
        region: REGION,
        endpoint: endpoint.url,
        credentials: async () => FAKE_CREDENTIALS,
      });
      const outline = await readRegionOutline(clients);
      expect(outline).toMatchObject({
        index: { state: 'ACTIVE', createdAt: new Date('2026-01-01T00:00:00Z') },
        viewFilter: '',
        complete: true,
      });
      expect(outline.foundTypes).toEqual(['sqs:queue']);
      expect(outline.supportedTypes).toEqual(FAKE_SUPPORTED_TYPES);
      expect([...endpoint.stats.unserved.keys()]).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });
});
