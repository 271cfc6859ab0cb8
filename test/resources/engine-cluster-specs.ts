import { describe, expect, it } from 'vitest';
import { MARK_TAG } from '../../lambda/core/model';
import { auroraCluster } from '../../lambda/resources/aurora-cluster';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { type FakeAccount, FakeAwsError, type FakeResource } from '../fakes/fake-account';
import { clusterMembers, finishRdsDeletions, rdsSnapshots, seedAuroraCluster } from '../fakes/services/rds';
import { DEFAULT_DELETION, type PluginHarness, REGION } from './plugin-harness';

/**
 * What DocumentDB and Neptune clusters owe beyond the contract: the same behaviour through two
 * clients (`docdb-cluster.test.ts`, `neptune-cluster.test.ts`). Expects `Date` frozen at NOW.
 */

export const NOW = new Date('2026-11-24T03:07:00Z');
/** The mark the engine wrote on the cluster; the engine deletes only clusters carrying one. */
export const MARK = '2026-11-24T02:00:00Z';
export const MARKED = { [MARK_TAG]: MARK };

export interface EngineClusterCase {
  readonly type: ResourceType;
  readonly engine: string;
  readonly seed: (
    account: FakeAccount,
    options?: {
      id?: string;
      tags?: Record<string, string>;
      memberClasses?: string[];
      status?: string;
      deletionProtection?: boolean;
      globalClusterId?: string;
      createdAt?: Date;
    },
  ) => FakeResource;
  readonly consoleUrl: string;
  /** One member of `pricedClass` costs this a month. */
  readonly pricedClass: string;
  readonly pricedMonthly: number;
}

export function engineClusterSpecs(h: PluginHarness, c: EngineClusterCase): void {
  const { type } = c;

  describe('listing', () => {
    it(`lists only ${c.engine} clusters, under the rds:cluster ARN, leaving creation time and tags to complete()`, async () => {
      const mine = c.seed(h.account, { id: 'catalog', tags: { team: 'shop' }, memberClasses: [c.pricedClass, c.pricedClass] });
      seedAuroraCluster(h.account);
      seedAuroraCluster(h.account, {
        engine: c.engine === 'docdb' ? 'neptune' : 'docdb',
        type: c.engine === 'docdb' ? 'neptune:cluster' : 'docdb:cluster',
      });

      expect(await h.listAll()).toEqual([
        {
          type: type.id,
          arn: `arn:aws:rds:${REGION}:${h.account.accountId}:cluster:catalog`,
          id: 'catalog',
          name: 'catalog',
          region: REGION,
          accountId: h.account.accountId,
          tags: {},
          details: { status: 'available', deletionProtection: false, memberClasses: `${c.pricedClass},${c.pricedClass}` },
          needsCompletion: true,
        },
      ]);
      expect(mine.taggingType).toBe('rds:cluster');
      expect(h.account.callsOf('DescribeDBClusters').map((call) => call.input.Filters)).toEqual([[{ Name: 'engine', Values: [c.engine] }]]);
    });

    it('is left out by the Aurora type, which lists the same RDS API', async () => {
      const aurora = seedAuroraCluster(h.account);
      c.seed(h.account);

      const listed = [];
      for await (const r of auroraCluster.list(h.clients)) listed.push(r.arn);
      expect(listed).toEqual([aurora.arn]);
    });

    it('completes a candidate with its creation time and its own tags, read from the service', async () => {
      const createdAt = new Date('2025-03-01T10:00:00Z');
      const cluster = c.seed(h.account, { createdAt, tags: { team: 'shop' } });
      h.account.taggingApiGaps.add(cluster.arn);

      expect(await h.completed(cluster.arn)).toMatchObject({ createdAt, tags: { team: 'shop' } });
      expect(h.account.callsOf('ListTagsForResource').map((call) => call.input)).toEqual([{ ResourceName: cluster.arn }]);
    });

    it('leaves out clusters being deleted, when listed and when their deletion started since', async () => {
      c.seed(h.account, { status: 'deleting' });
      const kept = c.seed(h.account);
      const since = c.seed(h.account);
      const listed = await h.listAll();
      expect(listed.map((r) => r.arn)).toEqual([kept.arn, since.arn]);
      since.data.status = 'deleting';

      expect((await type.complete!(h.clients, listed)).map((r) => r.arn)).toEqual([kept.arn]);
    });

    it('protects members of a global cluster', async () => {
      const member = c.seed(h.account, { globalClusterId: 'worldwide' });

      expect((await h.listed(member.arn)).protectedBecause).toBe('member of global cluster worldwide');
    });
  });

  describe('deletion', () => {
    it('marks the members, deletes them, then the cluster with a final snapshot janitor-final-*', async () => {
      const cluster = c.seed(h.account, { id: 'catalog', tags: MARKED, memberClasses: [c.pricedClass, c.pricedClass] });
      const members = clusterMembers(h.account, cluster);

      expect(await h.deleteListed(cluster.arn)).toEqual({
        status: 'started',
        note: '2 member instance(s) and the cluster are being deleted',
        backup: 'final snapshot janitor-final-catalog-202611240307',
      });
      expect(members.map((m) => [m.data.status, m.tags[MARK_TAG]])).toEqual([
        ['deleting', MARK],
        ['deleting', MARK],
      ]);
      expect(h.account.callsOf('DeleteDBCluster').map((call) => call.input)).toEqual([
        { DBClusterIdentifier: 'catalog', SkipFinalSnapshot: false, FinalDBSnapshotIdentifier: 'janitor-final-catalog-202611240307' },
      ]);
      expect(rdsSnapshots(h.account).map((s) => s.arn)).toEqual([
        `arn:aws:rds:${REGION}:${h.account.accountId}:cluster-snapshot:janitor-final-catalog-202611240307`,
      ]);
    });

    it('keeps a member’s own mark, and takes the cluster’s mark off a member whose deletion fails', async () => {
      const cluster = c.seed(h.account, { tags: MARKED, memberClasses: [c.pricedClass, c.pricedClass] });
      const [own, failing] = clusterMembers(h.account, cluster);
      own!.tags[MARK_TAG] = '2026-11-20T02:00:00Z';
      const listed = await h.completed(cluster.arn);
      h.account.failNext(
        'DeleteDBInstance',
        () => new FakeAwsError('InvalidDBInstanceStateFault', 'not available'),
        1,
        undefined,
        (input) => input.DBInstanceIdentifier === failing!.data.id,
      );

      await expect(type.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'InvalidDBInstanceStateFault' });
      expect(own!.tags[MARK_TAG]).toBe('2026-11-20T02:00:00Z');
      expect(failing!.tags[MARK_TAG]).toBeUndefined();
      expect(h.account.callsOf('DeleteDBCluster')).toEqual([]);
    });

    it('deletes without a final snapshot only when backups are off', async () => {
      const cluster = c.seed(h.account, { id: 'catalog', tags: MARKED });

      expect(await h.deleteListed(cluster.arn, { backup: false })).toEqual({
        status: 'started',
        note: '1 member instance(s) and the cluster are being deleted; no final snapshot (backups are off)',
      });
      expect(h.account.callsOf('DeleteDBCluster').map((call) => call.input)).toEqual([
        { DBClusterIdentifier: 'catalog', SkipFinalSnapshot: true },
      ]);
      expect(rdsSnapshots(h.account)).toEqual([]);
    });

    it('keeps a cluster with deletion protection on, members included, unless told to switch it off', async () => {
      const cluster = c.seed(h.account, { tags: MARKED, deletionProtection: true });

      expect(await h.deleteListed(cluster.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
      expect(clusterMembers(h.account, cluster).map((m) => m.data.status)).toEqual(['available']);
      expect(h.account.mutatingCalls()).toEqual([]);

      expect((await h.deleteListed(cluster.arn, { disableProtection: true })).status).toBe('started');
      expect(h.account.callsOf('ModifyDBCluster').map((call) => call.input.DeletionProtection)).toEqual([false]);
    });

    it('skips a cluster that joined a global cluster since it was listed, touching nothing', async () => {
      const cluster = c.seed(h.account, { tags: MARKED });
      const listed = await h.completed(cluster.arn);
      cluster.data.globalClusterId = 'worldwide';

      expect(await type.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
        status: 'skipped',
        reason: 'member of global cluster worldwide: remove it from the global cluster first',
      });
      expect(h.account.mutatingCalls()).toEqual([]);
    });

    it('started deletions are no longer listed, and cluster and members are gone once the service finishes', async () => {
      const cluster = c.seed(h.account, { tags: MARKED });
      const [member] = clusterMembers(h.account, cluster);
      await h.deleteListed(cluster.arn, { backup: false });

      expect(await h.listAll()).toEqual([]);
      finishRdsDeletions(h.account);
      expect(h.account.exists(cluster.arn)).toBe(false);
      expect(h.account.exists(member!.arn)).toBe(false);
    });
  });

  describe('declarations', () => {
    it('reads its own tags with a read action, and conditions member deletion on the mark', () => {
      expect(type.iam.read).toContain('rds:ListTagsForResource');
      expect(type.iam.delete).toContain('rds:DeleteDBInstance');
      expect(type.iam.deleteUnconditioned).not.toContain('rds:DeleteDBInstance');
    });

    it('links to the cluster in its console, and estimates the cost from the member classes', async () => {
      const cluster = c.seed(h.account, { id: 'catalog', memberClasses: [c.pricedClass] });
      const exotic = c.seed(h.account, { memberClasses: ['db.x2g.16xlarge'] });
      const listed = await h.listed(cluster.arn);

      expect(type.consoleUrl(listed)).toBe(c.consoleUrl);
      expect(type.costHint!(listed)).toBe(`~$${c.pricedMonthly}/month (${c.pricedClass}) + storage and I/O`);
      expect(type.costHint!(await h.listed(exotic.arn))).toBeUndefined();
    });
  });
}
