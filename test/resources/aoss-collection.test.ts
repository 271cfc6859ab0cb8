import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aossCollection } from '../../lambda/resources/aoss-collection';
import { FakeAccount } from '../fakes/fake-account';
import { finishAossDeletions, installAoss, seedCollection } from '../fakes/services/aoss';
import { describePlugin, REGION } from './plugin-harness';

/**
 * The shared fake counts every call not named Describe/List/Get/Head as a write; BatchGetCollection
 * is a read (it is the only call with a collection's creation time). Until `mutatingCalls` knows
 * `BatchGet*`, this file counts it as a read too.
 */
beforeEach(() => {
  const plain = FakeAccount.prototype.mutatingCalls;
  vi.spyOn(FakeAccount.prototype, 'mutatingCalls').mockImplementation(function (this: FakeAccount) {
    return plain.call(this).filter((c) => !c.command.startsWith('BatchGet'));
  });
});
afterEach(() => vi.restoreAllMocks());

describePlugin(
  {
    type: aossCollection,
    installers: [installAoss],
    seed: (account, options) => seedCollection(account, options),
    deleteCommand: 'DeleteCollection',
    slowDeletion: true,
    completeCommand: 'BatchGetCollection',
    describeCommand: 'BatchGetCollection',
    goneError: 'ResourceNotFoundException',
    fullDeletion: { seed: (account) => seedCollection(account, { deletionProtection: true }), options: { disableProtection: true } },
    tagActions: ['aoss:TagResource', 'aoss:UntagResource'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    describe('listing and completion', () => {
      it('lists id, name and ARN, leaving creation time and tags to complete()', async () => {
        const c = seedCollection(h.account, { name: 'docs' });

        expect(await h.listAll()).toEqual([
          {
            type: 'aoss:collection',
            arn: `arn:aws:aoss:${REGION}:${h.account.accountId}:collection/${c.data.id}`,
            id: c.data.id,
            name: 'docs',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            needsCompletion: true,
          },
        ]);
      });

      it('completes 12 candidates with one BatchGetCollection and one ListTagsForResource each', async () => {
        const createdAt = new Date('2025-06-01T12:00:00.123Z');
        const seeded = Array.from({ length: 12 }, (_, i) => seedCollection(h.account, { createdAt, tags: { n: String(i) } }));
        const listed = await h.listAll();
        h.account.calls.length = 0;

        const completed = await aossCollection.complete!(h.clients, listed);

        expect(h.account.callsOf('BatchGetCollection')).toHaveLength(1);
        expect(h.account.callsOf('ListTagsForResource')).toHaveLength(12);
        expect(completed.find((r) => r.arn === seeded[3]!.arn)).toMatchObject({ createdAt, tags: { n: '3' } });
      });

      it('protects the vector store of a Bedrock Knowledge Base', async () => {
        const kb = seedCollection(h.account, { name: 'bedrock-knowledge-base-x7k2pq' });

        expect((await h.completed(kb.arn)).protectedBecause).toBe('the vector store of a Bedrock Knowledge Base');
      });

      it('leaves out collections being deleted', async () => {
        const kept = seedCollection(h.account);
        seedCollection(h.account, { status: 'DELETING' });

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('starts the deletion, which finishes minutes later', async () => {
        const c = seedCollection(h.account);

        expect(await h.deleteListed(c.arn)).toEqual({
          status: 'started',
          note: 'deletion takes a few minutes; its security and access policies are kept',
        });
        finishAossDeletions(h.account);
        expect(h.account.exists(c.arn)).toBe(false);
      });

      it('keeps a collection with deletion protection, unless told to switch it off first', async () => {
        const c = seedCollection(h.account, { deletionProtection: true });

        expect(await h.deleteListed(c.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.mutatingCalls()).toEqual([]);

        expect((await h.deleteListed(c.arn, { disableProtection: true })).status).toBe('started');
        expect(h.account.callsOf('UpdateCollection').map((x) => x.input)).toEqual([{ id: c.data.id, deletionProtection: 'DISABLED' }]);
      });
    });

    describe('declarations', () => {
      it('reads tags with a read action, not a tag write', () => {
        expect(aossCollection.iam.read).toContain('aoss:ListTagsForResource');
        expect(aossCollection.iam.tag).not.toContain('aoss:ListTagsForResource');
      });

      it('links to the collection in the console and states the OCU floor', async () => {
        const c = seedCollection(h.account, { name: 'docs' });
        const listed = await h.listed(c.arn);

        expect(aossCollection.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/aos/home?region=eu-west-1#opensearch/collections/docs',
        );
        expect(aossCollection.costHint!(listed)).toContain('OCUs');
      });
    });
  },
);
