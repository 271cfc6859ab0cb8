import { describe, expect, it } from 'vitest';
import { ecrRepository } from '../../lambda/resources/ecr-repository';
import { FakeAwsError } from '../fakes/fake-account';
import { installEcr, seedEcrRepository } from '../fakes/services/ecr';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: ecrRepository,
    installers: [installEcr],
    seed: seedEcrRepository,
    deleteCommand: 'DeleteRepository',
    goneError: 'RepositoryNotFoundException',
    tagActions: ['ecr:TagResource', 'ecr:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a repository by name, with its ARN, creation time and no tags of its own', async () => {
        const createdAt = new Date('2024-03-01T10:00:00Z');
        const seeded = seedEcrRepository(h.account, { name: 'team/app', createdAt, tags: { owner: 'ana' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'ecr:repository',
          arn: `arn:aws:ecr:${REGION}:${h.account.accountId}:repository/team/app`,
          id: 'team/app',
          name: 'team/app',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          details: { uri: `${h.account.accountId}.dkr.ecr.${REGION}.amazonaws.com/team/app` },
        });
      });

      it('makes no per-repository call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedEcrRepository(h.account, { tags: i % 2 ? { team: 'web' } : {}, images: i });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['DescribeRepositories']);
      });
    });

    describe('deletion', () => {
      it('deletes an empty repository, never with force', async () => {
        const seeded = seedEcrRepository(h.account, { name: 'empty-repo' });

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('DeleteRepository').map((c) => c.input)).toEqual([{ repositoryName: 'empty-repo' }]);
      });

      it('keeps a repository that holds images, even when non-empty buckets may be emptied', async () => {
        const seeded = seedEcrRepository(h.account, { images: 12 });

        const outcome = await h.deleteListed(seeded.arn, { emptyFirst: true, disableProtection: true });

        expect(outcome).toEqual({ status: 'skipped', reason: 'holds images; delete them or tag the repository' });
        expect(h.account.exists(seeded.arn)).toBe(true);
        expect(h.account.callsOf('DeleteRepository')).toEqual([]);
        expect(h.account.callsOf('ListImages').map((c) => c.input)).toEqual([{ repositoryName: seeded.data.name, maxResults: 1 }]);
      });

      it('passes on RepositoryNotEmptyException when an image was pushed between the check and the delete', async () => {
        const seeded = seedEcrRepository(h.account);
        h.account.failNext('DeleteRepository', () => new FakeAwsError('RepositoryNotEmptyException', 'still contains images'));

        await expect(h.deleteListed(seeded.arn)).rejects.toMatchObject({ name: 'RepositoryNotEmptyException' });
      });
    });

    describe('declarations', () => {
      it('links to the repository in the ECR console, keeping the namespace path', async () => {
        const seeded = seedEcrRepository(h.account, { name: 'team/app' });

        expect(ecrRepository.consoleUrl(await h.listed(seeded.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/ecr/repositories/private/${h.account.accountId}/team/app?region=eu-west-1`,
        );
      });
    });
  },
);
