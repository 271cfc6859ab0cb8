import { DeleteFirewallCommand, NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { DeleteDBSnapshotCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteResolverEndpointCommand, Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MarkStanding } from '../../lambda/core/deletion-gate';
import type { Resource } from '../../lambda/core/model';
import type { ResourceType } from '../../lambda/resources/resource-type';

/**
 * The property is only worth something if it fails when the janitor is wrong. Each spec breaks
 * the janitor on purpose, in one place, and requires the property to find it and shrink the
 * failing history to a small one. The invariants check deletions against the recorded ledger
 * themselves, so a gate broken inside the engine cannot vouch for itself.
 */

const GATE = '../../lambda/core/deletion-gate';
const HISTORIES = 400;

afterEach(() => {
  vi.doUnmock(GATE);
  vi.resetModules();
});

/** Runs the property with fresh modules (so a mock of the gate applies); resolves to fast-check's verdict. */
async function verdict(types?: (real: readonly ResourceType[]) => ResourceType[]) {
  const { runHistory, config } = await import('./history');
  const { history } = await import('./world');
  const { emptyCensus } = await import('./census');
  const { enabledResourceTypes } = await import('../../lambda/resources/registry');
  const options = types ? { types: types(enabledResourceTypes(config.resourceTypes)) } : {};
  const result = await fc.check(
    fc.asyncProperty(history, (h) => runHistory(h, emptyCensus(), options)),
    { numRuns: HISTORIES, seed: 20261202 },
  );
  if (result.failed)
    console.log(`caught after ${result.numRuns} histories, shrunk ${result.numShrinks} times:\n${fc.stringify(result.counterexample)}`);
  return result;
}

function expectCaught(result: Awaited<ReturnType<typeof verdict>>, invariant: RegExp): void {
  expect(result.failed, 'the broken janitor went unnoticed').toBe(true);
  expect(result.numShrinks).toBeGreaterThan(0);
  const [shrunk] = result.counterexample!;
  expect(shrunk.nights.length).toBeLessThanOrEqual(3);
  const message = String((result.errorInstance as Error).message);
  if (!invariant.test(message)) throw new Error(`caught, but by another invariant: ${message.slice(0, 400)}`);
}

/** The real plug-ins, with one type changed. */
const withType =
  (id: string, change: (type: ResourceType) => Partial<ResourceType>) =>
  (real: readonly ResourceType[]): ResourceType[] =>
    real.map((type) => (type.id === id ? { ...type, ...change(type) } : type));

type Clients = Parameters<ResourceType['delete']>[0];

describe('a deliberately broken janitor is caught, with a shrunk counterexample', () => {
  it('skipping the announcement check: any well-formed, past-due mark deletes', async () => {
    vi.doMock(GATE, async (importOriginal) => ({
      ...(await importOriginal<typeof import('../../lambda/core/deletion-gate')>()),
      markStanding: (resource: Resource, deadline: Date, now: Date): MarkStanding => {
        const announcement = { arn: resource.arn, deadline: deadline.toISOString(), announcedAt: now.toISOString() };
        return deadline <= now ? { kind: 'due', announcement } : { kind: 'waiting', announcement };
      },
    }));
    expectCaught(await verdict(), /deleted without an earlier announcement|deleted on a deadline .* passed too long ago/);
  }, 600_000);

  it('an early deadline: announced marks delete a grace period too soon', async () => {
    vi.doMock(GATE, async (importOriginal) => {
      const real = await importOriginal<typeof import('../../lambda/core/deletion-gate')>();
      return {
        ...real,
        markStanding: (
          resource: Resource,
          deadline: Date,
          now: Date,
          ...rest: Parameters<typeof real.markStanding> extends [unknown, unknown, unknown, ...infer R] ? R : never
        ) => real.markStanding(resource, deadline, new Date(now.getTime() + rest[1].gracePeriodMs), ...rest),
      };
    });
    expectCaught(await verdict(), /deleted before its deadline/);
  }, 600_000);

  it('a plug-in that drops the creation time: young resources get marked', async () => {
    const withoutCreationTime = (real: readonly ResourceType[]) =>
      real.map((type) => ({
        ...type,
        async *list(clients: Parameters<ResourceType['list']>[0]) {
          for await (const r of type.list(clients)) yield { ...r, createdAt: undefined };
        },
        ...(type.complete
          ? {
              complete: async (clients: Parameters<NonNullable<ResourceType['complete']>>[0], rs: readonly Resource[]) =>
                (await type.complete!(clients, rs)).map((r) => ({ ...r, createdAt: undefined })),
            }
          : {}),
      }));
    // Caught as a young resource marked, or as one deleted on an announcement that cannot be shown to be its own.
    expectCaught(await verdict(withoutCreationTime), /marked while too-young|deleted while unannounced-mark/);
  }, 600_000);

  it('a snapshot plug-in that forgets its protections: final, AWS Backup and unavailable snapshots get marked', async () => {
    const withoutSnapshotProtections = withType('rds:snapshot', (type) => ({
      async *list(clients: Clients) {
        for await (const r of type.list(clients)) yield { ...r, protectedBecause: undefined };
      },
    }));
    expectCaught(await verdict(withoutSnapshotProtections), /marked while|deleted though/);
  }, 600_000);

  it('a snapshot plug-in that deletes without reading its sharing: shared snapshots go', async () => {
    const withoutSharingCheck = withType('rds:snapshot', () => ({
      delete: async (clients: Clients, resource: Resource) => {
        await clients.get(RDSClient).send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: resource.id }));
        return { status: 'deleted' as const };
      },
    }));
    expectCaught(await verdict(withoutSharingCheck), /deleted though shared/);
  }, 600_000);

  it('an endpoint plug-in that deletes without reading the rules: endpoints rules forward to go', async () => {
    const withoutRuleCheck = withType('route53resolver:resolver-endpoint', () => ({
      delete: async (clients: Clients, resource: Resource) => {
        await clients.get(Route53ResolverClient).send(new DeleteResolverEndpointCommand({ ResolverEndpointId: resource.id }));
        return { status: 'started' as const, note: 'no rule check' };
      },
    }));
    expectCaught(await verdict(withoutRuleCheck), /deleted though a Resolver rule forwards to its addresses/);
  }, 600_000);

  it('a bucket plug-in that deletes without reading the MWAA environments: DAG buckets go', async () => {
    const withoutDagCheck = withType('s3:bucket', () => ({
      delete: async (clients: Clients, resource: Resource) => {
        await clients.get(S3Client).send(new DeleteBucketCommand({ Bucket: resource.id }));
        return { status: 'deleted' as const };
      },
    }));
    expectCaught(await verdict(withoutDagCheck), /deleted though an MWAA environment reads its DAGs from it/);
  }, 600_000);

  it('a firewall plug-in that deletes without reading the route tables: firewalls traffic goes through go', async () => {
    const withoutRouteCheck = withType('network-firewall:firewall', () => ({
      delete: async (clients: Clients, resource: Resource) => {
        await clients.get(NetworkFirewallClient).send(new DeleteFirewallCommand({ FirewallArn: resource.arn }));
        return { status: 'started' as const, note: 'no route check' };
      },
    }));
    expectCaught(await verdict(withoutRouteCheck), /deleted though a route of its VPC sends traffic through its endpoints/);
  }, 600_000);
});
