import { describe, expect, it, vi } from 'vitest';
import { openSearchDomain } from '../../lambda/resources/opensearch-domain';
import { finishOpenSearchDeletions, installOpenSearch, seedDomain } from '../fakes/services/opensearch';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: openSearchDomain,
    installers: [installOpenSearch],
    seed: (account, options) => seedDomain(account, options),
    deleteCommand: 'DeleteDomain',
    slowDeletion: true,
    // ListDomainNames returns every domain at once; the batching is in DescribeDomains.
    unpaginated: true,
    tagActions: ['es:AddTags', 'es:RemoveTags'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a domain with the ARN DescribeDomains gives and its cluster layout', async () => {
        seedDomain(h.account, {
          name: 'logs',
          instanceType: 'r6g.large.search',
          instanceCount: 3,
          masterType: 'm6g.large.search',
          masterCount: 3,
        });

        expect(await h.listAll()).toEqual([
          {
            type: 'es:domain',
            arn: `arn:aws:es:${REGION}:${h.account.accountId}:domain/logs`,
            id: 'logs',
            name: 'logs',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: undefined,
            tags: {},
            details: {
              engineVersion: 'OpenSearch_2.13',
              instanceType: 'r6g.large.search',
              instanceCount: 3,
              masterType: 'm6g.large.search',
              masterCount: 3,
            },
          },
        ]);
      });

      it('describes domains in batches of at most 5 names', async () => {
        const seeded = Array.from({ length: 12 }, () => seedDomain(h.account));

        const listed = await h.listAll();

        expect(listed.map((r) => r.arn).sort()).toEqual(seeded.map((d) => d.arn).sort());
        expect(h.account.callsOf('ListDomainNames')).toHaveLength(1);
        expect(h.account.callsOf('DescribeDomains').map((c) => c.input.DomainNames.length)).toEqual([5, 5, 2]);
      });

      it('includes legacy Elasticsearch domains and leaves out domains being deleted', async () => {
        const legacy = seedDomain(h.account, { engineVersion: 'Elasticsearch_7.10' });
        seedDomain(h.account, { deleted: true });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([legacy.arn]);
      });

      it('skips a domain deleted between ListDomainNames and DescribeDomains', async () => {
        const kept = seedDomain(h.account);
        const gone = seedDomain(h.account);
        // The domain goes right after ListDomainNames answered.
        const record = h.account.record.bind(h.account);
        vi.spyOn(h.account, 'record').mockImplementation((service, command, region, input) => {
          if (command === 'DescribeDomains') h.account.remove(gone.arn);
          record(service, command, region, input);
        });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
        expect(h.account.callsOf('ListDomainNames')).toHaveLength(1);
      });
    });

    describe('deletion', () => {
      it('starts DeleteDomain and says no final snapshot is kept', async () => {
        const domain = seedDomain(h.account, { name: 'logs' });

        expect(await h.deleteListed(domain.arn, { backup: true })).toEqual({
          status: 'started',
          note: 'deletion takes 10-20 minutes; OpenSearch keeps no final snapshot (automated snapshots go with the domain)',
        });
        expect(h.account.callsOf('DeleteDomain').map((c) => c.input)).toEqual([{ DomainName: 'logs' }]);
      });

      it('started deletions are no longer listed, and gone once OpenSearch finishes', async () => {
        const domain = seedDomain(h.account);
        await h.deleteListed(domain.arn, { backup: false });

        expect(await h.listAll()).toEqual([]);
        finishOpenSearchDeletions(h.account);
        expect(h.account.exists(domain.arn)).toBe(false);
      });

      it('throws ResourceNotFoundException when the domain is already gone', async () => {
        const domain = seedDomain(h.account);
        const listed = await h.listed(domain.arn);
        h.account.remove(domain.arn);

        await expect(
          openSearchDomain.delete(h.clients, listed, { backup: false, disableProtection: false, emptyFirst: false }),
        ).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
        });
      });
    });

    describe('declarations', () => {
      it('links to the domain in the OpenSearch console', async () => {
        const domain = seedDomain(h.account, { name: 'logs' });

        expect(openSearchDomain.consoleUrl(await h.listed(domain.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/aos/home?region=eu-west-1#opensearch/domains/logs',
        );
      });

      it('estimates the monthly cost of data nodes and dedicated masters', async () => {
        const single = seedDomain(h.account, { instanceType: 't3.small.search' });
        const production = seedDomain(h.account, {
          instanceType: 'r6g.large.search',
          instanceCount: 3,
          masterType: 'm6g.large.search',
          masterCount: 3,
        });
        const exotic = seedDomain(h.account, { instanceType: 'im4gn.16xlarge.search' });

        expect(openSearchDomain.costHint!(await h.listed(single.arn))).toBe('~$26/month (t3.small.search) + storage');
        expect(openSearchDomain.costHint!(await h.listed(production.arn))).toBe(
          '~$646/month (3 × r6g.large.search + 3 × m6g.large.search masters) + storage',
        );
        expect(openSearchDomain.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);
