import { describe, expect, it } from 'vitest';
import { countNotCovered } from '../../lambda/core/not-covered';

const ACCOUNT = '123456789012';
const covered = new Set(['ec2:instance', 's3:bucket', 'elasticloadbalancing:loadbalancer']);
const arn = (type: string, n: number, account = ACCOUNT) => `arn:aws:${type.split(':')[0]}:eu-west-1:${account}:${type.split(':')[1]}/${n}`;
const found = (type: string, n: number, accountId?: string) => ({
  type,
  arn: arn(type, n, accountId),
  ...(accountId ? { accountId } : {}),
});

describe('the weekly count of never-tagged resources of types the janitor does not cover', () => {
  it('counts by type, most first, leaving out every type a plug-in covers (subtypes with their base type, any case)', () => {
    const count = countNotCovered(
      [
        found('ec2:subnet', 1),
        found('ec2:subnet', 2),
        found('glue:job', 1),
        found('ec2:instance', 1),
        found('S3:Bucket', 1),
        found('elasticloadbalancing:loadbalancer/app', 1),
      ],
      { accountId: ACCOUNT, covered, complete: true },
    );

    expect(count).toEqual({
      total: 3,
      complete: true,
      byType: [
        { type: 'ec2:subnet', count: 2 },
        { type: 'glue:job', count: 1 },
      ],
    });
  });

  it('leaves out IAM, whose tags Resource Explorer does not index, and other accounts of an organization-wide view', () => {
    const count = countNotCovered(
      [found('iam:role', 1), found('IAM:user', 2), found('glue:job', 1, '210987654321'), found('glue:job', 2, ACCOUNT)],
      {
        accountId: ACCOUNT,
        covered,
        complete: true,
      },
    );

    expect(count.byType).toEqual([{ type: 'glue:job', count: 1 }]);
  });

  it('counts a resource returned twice once, and says when Resource Explorer stopped counting', () => {
    const count = countNotCovered([found('glue:job', 1), found('glue:job', 1)], { accountId: ACCOUNT, covered, complete: false });

    expect(count).toEqual({ total: 1, complete: false, byType: [{ type: 'glue:job', count: 1 }] });
  });

  it('ties sort by type name, so the report reads the same every week', () => {
    const count = countNotCovered([found('sns:x', 1), found('glue:job', 1), found('athena:workgroup', 1)], {
      accountId: ACCOUNT,
      covered,
      complete: true,
    });

    expect(count.byType.map((t) => t.type)).toEqual(['athena:workgroup', 'glue:job', 'sns:x']);
  });
});
