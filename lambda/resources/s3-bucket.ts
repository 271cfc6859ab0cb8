import { DeleteBucketCommand, ListObjectVersionsCommand, S3Client, paginateListBuckets } from '@aws-sdk/client-s3';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

export const s3Bucket: ResourceType = {
  id: 's3:bucket',
  label: 'S3 bucket',
  tagsFromList: false,
  iam: {
    read: ['s3:ListAllMyBuckets'],
    // The tagging API rewrites a bucket's whole tag set (read, merge, put); S3's newer
    // TagResource/UntagResource actions also cover general purpose buckets, so both paths are granted.
    tag: ['s3:GetBucketTagging', 's3:PutBucketTagging', 's3:TagResource', 's3:UntagResource'],
    delete: ['s3:ListBucketVersions', 's3:DeleteBucket'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    // ListBuckets is global: without BucketRegion every region's sweep would see every bucket.
    const pages = paginateListBuckets({ client: clients.get(S3Client), pageSize: 1000 }, { BucketRegion: region });
    for await (const page of pages) {
      for (const bucket of page.Buckets ?? []) {
        if (!bucket.Name) continue;
        yield {
          type: 's3:bucket',
          arn: buildArn('s3', '', '', bucket.Name, region),
          id: bucket.Name,
          name: bucket.Name,
          region,
          accountId,
          createdAt: bucket.CreationDate,
          tags: {},
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    const s3 = clients.get(S3Client);
    // Versions and delete markers both block DeleteBucket; one key is enough to know the bucket holds data.
    const contents = await s3.send(new ListObjectVersionsCommand({ Bucket: resource.id, MaxKeys: 1 }));
    if ((contents.Versions?.length ?? 0) > 0 || (contents.DeleteMarkers?.length ?? 0) > 0) {
      return { status: 'skipped', reason: 'not empty, kept (the janitor only deletes empty buckets)' };
    }
    await s3.send(new DeleteBucketCommand({ Bucket: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/s3/buckets/${encodeURIComponent(r.id)}?region=${r.region}&tab=objects`,
};
