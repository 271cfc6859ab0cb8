/** The benchmark's account: `n` resources spread evenly over every registry type, as the janitor lists them. */
import type { FakeAccount, FakeResource } from '../test/fakes/fake-account';
import { SERVED_TYPE_SEEDERS } from '../test/fakes/http/served-types';
import { seedEcsService } from '../test/fakes/services/ecs';
import { BENCH_TYPE_IDS } from './pages';

const LONG_AGO = new Date('2026-01-01T00:00:00Z');

/** Seeded first: their seeders also make resources of other types (an AMI its root snapshot, a public NAT gateway its Elastic IP). */
const WITH_COMPANIONS = ['ec2:image', 'ec2:natgateway', 'rds:cluster', 'ecs:cluster'];

/** Resources the fake holds but the type's plug-in does not list: an Aurora cluster's member instances are not `rds:db`s of their own. */
const NOT_LISTED: Partial<Record<string, (r: FakeResource) => boolean>> = {
  'rds:db': (r) => r.data.clusterId !== undefined,
};

/** 40% never tagged, 30% tagged compliant (ManagedBy=terraform), 30% tagged but not compliant. */
function tagsFor(i: number): Record<string, string> | undefined {
  const k = i % 10;
  if (k < 4) return undefined;
  if (k < 7) return { ManagedBy: 'terraform' };
  return { Owner: 'someone', Team: 'data' };
}

/** The resources of `type` the janitor will list, companions of other seeds included. */
export function listedOf(account: FakeAccount, type: string, region: string): FakeResource[] {
  const hidden = NOT_LISTED[type];
  return account.list(type, region).filter((r) => !hidden?.(r));
}

/** Services sit ten to a cluster (as real accounts group them), in the first tenth of the clusters. */
function seedServices(account: FakeAccount, count: number, region: string): void {
  const clusters = account.list('ecs:cluster', region);
  const hosts = clusters.slice(0, Math.max(1, Math.ceil(clusters.length / 10)));
  for (let i = 0; i < count; i += 1) {
    seedEcsService(account, { cluster: hosts[i % hosts.length], region, tags: tagsFor(i), createdAt: LONG_AGO, desiredCount: 0 });
  }
}

/**
 * Seeds `n` resources over every type (the same number of each, give or take one), counting what
 * the seeders make besides (an AMI's snapshot counts towards the snapshots). Returns the count per
 * type as the janitor lists them.
 */
export function seedBenchAccount(account: FakeAccount, n: number, region: string): Record<string, number> {
  const ids = [...WITH_COMPANIONS, ...BENCH_TYPE_IDS.filter((id) => !WITH_COMPANIONS.includes(id))];
  const share = (id: string) => {
    const index = BENCH_TYPE_IDS.indexOf(id);
    return Math.floor(n / BENCH_TYPE_IDS.length) + (index < n % BENCH_TYPE_IDS.length ? 1 : 0);
  };
  for (const id of ids) {
    const count = share(id) - listedOf(account, id, region).length;
    if (count < 0) throw new Error(`seeding ${id}: its companions already make ${-count} more than its share of ${share(id)}`);
    if (id === 'ecs:service') seedServices(account, count, region);
    else for (let i = 0; i < count; i += 1) SERVED_TYPE_SEEDERS[id]!(account, { region, createdAt: LONG_AGO, tags: tagsFor(i) });
  }
  return Object.fromEntries(BENCH_TYPE_IDS.map((id) => [id, listedOf(account, id, region).length]));
}
