import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { decide, decisionPolicy } from '../../lambda/core/decide';
import type { Resource } from '../../lambda/core/model';
import type { ResourceType } from '../../lambda/resources/resource-type';
import type { FakeAccount, FakeResource } from '../fakes/fake-account';
import type { SeedRdsSnapshotOptions } from '../fakes/services/rds';
import { type ContractOptions, DEFAULT_DELETION, type PluginHarness, REGION } from './plugin-harness';

/**
 * What manual DB snapshots and DB cluster snapshots both owe: only manual snapshots are inventory,
 * the janitor's final snapshots, AWS Backup's and unfinished ones are kept (and say why), and a
 * snapshot shared with another account is not deleted.
 */

export interface SnapshotKind {
  readonly type: ResourceType;
  readonly seed: (account: FakeAccount, options?: SeedRdsSnapshotOptions) => FakeResource;
  /** `snapshot` or `cluster-snapshot`, as in the ARN. */
  readonly arnKind: string;
  readonly listCommand: string;
  readonly attributesCommand: string;
  readonly deleteCommand: string;
  /** The identifier parameter of the delete and attribute calls. */
  readonly idParameter: string;
  readonly goneError: string;
  /** Deletes a database of the kind whose snapshot this is, through its own plug-in, with a final snapshot; returns that snapshot's id. */
  readonly deleteDatabaseWithFinalSnapshot: (h: PluginHarness, tags: Record<string, string>) => Promise<string>;
}

export const NOW = new Date('2026-11-24T03:07:00Z');
const LONG_AGO = new Date('2026-01-15T09:30:00Z');
const MARK = { 'janitor:delete-after': '2026-11-20T00:00:00Z' };

export function contractOf(kind: SnapshotKind, installers: ContractOptions['installers']): Omit<ContractOptions, 'type'> {
  return {
    installers,
    seed: (account, options) => kind.seed(account, options),
    deleteCommand: kind.deleteCommand,
    listCommand: kind.listCommand,
    goneError: kind.goneError,
    tagActions: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
  };
}

export function snapshotSpecs(kind: SnapshotKind, h: PluginHarness): void {
  const { type } = kind;
  const policy = decisionPolicy(
    parseConfig({ dryRun: false, slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' }, resourceTypes: [type.id] }),
  );
  const judge = (r: Resource) => decide(r, NOW, policy, NO_ANNOUNCEMENTS);
  const arnOf = (id: string) => `arn:aws:rds:${REGION}:${h.account.accountId}:${kind.arnKind}:${id}`;

  describe('listing', () => {
    it('finds a never-tagged manual snapshot, with its creation time and storage, and judges it a new violation', async () => {
      const snapshot = kind.seed(h.account, { id: 'before-migration', createdAt: LONG_AGO, allocatedStorageGb: 50 });

      const listed = await h.listed(snapshot.arn);

      expect(listed).toMatchObject({
        type: type.id,
        arn: arnOf('before-migration'),
        id: 'before-migration',
        name: 'before-migration',
        createdAt: LONG_AGO,
        tags: {},
        details: { status: 'available', allocatedStorageGb: 50 },
      });
      expect(listed.protectedBecause).toBeUndefined();
      expect(await h.arnsFromTaggingApi()).toEqual([]);
      expect(judge(listed)).toMatchObject({ status: 'new-violation', action: 'mark' });
    });

    it('asks RDS for manual snapshots only: automated ones go with their database, shared, public and AWS Backup ones are not ours', async () => {
      const manual = kind.seed(h.account, {});
      for (const snapshotType of ['automated', 'shared', 'public', 'awsbackup'] as const) kind.seed(h.account, { snapshotType });

      expect((await h.listAll()).map((r) => r.arn)).toEqual([manual.arn]);
      expect(h.account.callsOf(kind.listCommand).map((c) => c.input.SnapshotType)).toEqual(['manual']);
    });

    it('leaves out a snapshot being deleted, so a deletion is not repeated', async () => {
      const kept = kind.seed(h.account, {});
      kind.seed(h.account, { status: 'deleting' });

      expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
    });
  });

  describe('what it keeps (listed as protected, so the night reports them)', () => {
    it("keeps the janitor's own final snapshot, and takes off the expired mark it copied from the database", async () => {
      const id = await kind.deleteDatabaseWithFinalSnapshot(h, { team: 'shop', ...MARK });

      const listed = await h.listed(arnOf(id));

      expect(id).toMatch(/^janitor-final-/);
      // CopyTagsToSnapshot carried the database's tags over, the mark with its passed deadline included.
      expect(listed.tags).toMatchObject(MARK);
      expect(listed.protectedBecause).toMatch(/final snapshot the janitor took/);
      expect(judge({ ...listed, createdAt: LONG_AGO })).toMatchObject({ status: 'protected', action: 'unmark' });
    });

    it('keeps a janitor-final-* snapshot by its name alone: RDS tags it with nothing of the janitor', async () => {
      const snapshot = kind.seed(h.account, { id: 'janitor-final-orders-202611200307', createdAt: LONG_AGO });

      const listed = await h.listed(snapshot.arn);

      expect(listed.tags).toEqual({});
      expect(judge(listed)).toMatchObject({ status: 'protected', action: 'none' });
    });

    it('keeps what AWS Backup made, by its awsbackup: name or its aws:backup:source-resource tag', async () => {
      const byName = kind.seed(h.account, { id: 'awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45', createdAt: LONG_AGO });
      const byTag = kind.seed(h.account, {
        createdAt: LONG_AGO,
        tags: { 'aws:backup:source-resource': 'orders-db-2026-11-01' },
      });

      for (const snapshot of [byName, byTag]) {
        const listed = await h.listed(snapshot.arn);
        expect(listed.protectedBecause, snapshot.arn).toMatch(/AWS Backup/);
        expect(judge(listed), snapshot.arn).toMatchObject({ status: 'protected', action: 'none' });
      }
    });

    it('keeps a snapshot still being created or copied, until it is available', async () => {
      const creating = kind.seed(h.account, { status: 'creating', createdAt: LONG_AGO });
      const copying = kind.seed(h.account, { status: 'copying', createdAt: LONG_AGO });

      expect((await h.listed(creating.arn)).protectedBecause).toBe('status creating: not yet available');
      expect((await h.listed(copying.arn)).protectedBecause).toBe('status copying: not yet available');
      creating.data.status = 'available';
      expect((await h.listed(creating.arn)).protectedBecause).toBeUndefined();
    });
  });

  describe('deletion', () => {
    it(`deletes an unshared snapshot with ${kind.deleteCommand}, after reading who it is shared with`, async () => {
      const snapshot = kind.seed(h.account, { id: 'scratch', tags: MARK });

      expect(await h.deleteListed(snapshot.arn)).toEqual({ status: 'deleted' });
      expect(h.account.callsOf(kind.attributesCommand).map((c) => c.input)).toEqual([{ [kind.idParameter]: 'scratch' }]);
      expect(h.account.callsOf(kind.deleteCommand).map((c) => c.input)).toEqual([{ [kind.idParameter]: 'scratch' }]);
      expect(h.account.exists(snapshot.arn)).toBe(false);
    });

    it('skips a snapshot shared with other accounts: someone there may depend on it', async () => {
      const snapshot = kind.seed(h.account, { tags: MARK, sharedWith: ['210987654321', '345678901234'] });

      expect(await h.deleteListed(snapshot.arn)).toEqual({
        status: 'skipped',
        reason: 'shared with account(s) 210987654321, 345678901234: someone there may depend on it; stop sharing it first',
      });
      expect(h.account.callsOf(kind.deleteCommand)).toEqual([]);
      expect(h.account.exists(snapshot.arn)).toBe(true);
    });

    it('skips a public snapshot', async () => {
      const snapshot = kind.seed(h.account, { tags: MARK, sharedWith: ['all'] });

      expect(await h.deleteListed(snapshot.arn)).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^public/) });
      expect(h.account.exists(snapshot.arn)).toBe(true);
    });

    it('reads the sharing at deletion time: a snapshot shared since it was listed is skipped', async () => {
      const snapshot = kind.seed(h.account, { tags: MARK });
      const listed = await h.listed(snapshot.arn);
      snapshot.data.sharedWith = ['210987654321'];

      expect(await type.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({ status: 'skipped' });
      expect(h.account.exists(snapshot.arn)).toBe(true);
    });

    it("leaves RDS's refusal of an unavailable snapshot to the engine, with its AWS name", async () => {
      const snapshot = kind.seed(h.account, { tags: MARK });
      const listed = await h.listed(snapshot.arn);
      snapshot.data.status = 'copying';

      await expect(type.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
        name: kind.arnKind === 'snapshot' ? 'InvalidDBSnapshotStateFault' : 'InvalidDBClusterSnapshotStateFault',
      });
    });
  });

  describe('declarations', () => {
    it('deletes only under the mark condition, and needs nothing unconditioned', () => {
      expect(type.iam.delete).toEqual([`rds:${kind.deleteCommand}`]);
      expect(type.iam.deleteUnconditioned).toBeUndefined();
      expect(type.deletionOrder).toBeUndefined();
    });

    it('links to the snapshot in the RDS console', async () => {
      const snapshot = kind.seed(h.account, { id: 'before-migration' });

      expect(type.consoleUrl(await h.listed(snapshot.arn))).toBe(
        'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#db-snapshot:id=before-migration',
      );
    });
  });
}
