import fc from 'fast-check';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import { looseKey } from '../../lambda/core/tag-rules';
import { formatDeadline } from '../../lambda/core/tag-values';
import type { FakeAccount, FakeResource } from '../fakes/fake-account';
import { seedInstance } from '../fakes/services/ec2';
import { seedMwaaEnvironment } from '../fakes/services/mwaa';
import { endpointIdsOf, seedFirewall, seedRouteTable } from '../fakes/services/network-firewall';
import { seedDbSnapshot } from '../fakes/services/rds';
import { indexCaughtUp, notYetIndexed } from '../fakes/services/resource-explorer';
import { seedResolverEndpoint, seedResolverRule } from '../fakes/services/route53resolver';
import { seedBucket } from '../fakes/services/s3';
import { seedQueue } from '../fakes/services/sqs';

/**
 * The random world of the safety property: resources people create and retag by hand, attackers
 * and accidents that write the janitor's own tags, and nights on which the janitor runs, or not.
 * Every tag here is input someone else controls, so the generator produces what people and
 * attackers write, not only what the engine was written for.
 */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const REGION = 'eu-west-1';

export type Kind = 'instance' | 'bucket' | 'queue' | 'snapshot' | 'endpoint' | 'firewall';

/**
 * Why an inbound Resolver endpoint must stay: a rule of this account forwards to its addresses.
 * AWS does not refuse its deletion; only the plug-in's re-read at deletion time can see the rule,
 * which may be created after the endpoint was listed, marked or announced.
 */
export const FORWARDED_TO = 'a Resolver rule forwards to its addresses';

/**
 * Why a Network Firewall must stay: a route of its VPC sends traffic through one of its endpoints.
 * AWS does not refuse the deletion (the routes would black-hole); only the plug-in's re-read of
 * the route tables at deletion time sees a route added after the firewall was marked.
 */
export const ROUTED_THROUGH = 'a route of its VPC sends traffic through its endpoints';

/**
 * Why a bucket must stay: an MWAA environment (IaC-managed, so never the janitor's to touch) reads
 * its DAGs from it, through its execution role. No bucket policy shows it; only the S3 plug-in's
 * read of the region's environments at deletion time does, and the environment may start using
 * the bucket after it was marked.
 */
export const DAG_BUCKET_OF = 'an MWAA environment reads its DAGs from it';

/**
 * How a manual RDS snapshot came to be. The janitor's own final snapshots carry the deleted
 * database's tags, its past-due mark included (CopyTagsToSnapshot); AWS Backup's are known by
 * name or tag; a shared one, or one not yet available, must not go either. A look-alike name is
 * hand-made and no more protected than any other.
 */
export type SnapshotOrigin = 'by-hand' | 'janitor-final' | 'backup-name' | 'backup-tag' | 'shared' | 'creating' | 'look-alike';

export type TagState =
  | 'none'
  | 'iac'
  | 'iac-recased'
  | 'other'
  | 'exempt-true'
  | 'exempt-future'
  | 'exempt-past'
  | 'exempt-malformed'
  | 'exempt-misspelt'
  | 'managed'
  | 'controller'
  | 'foreign-mark';

/** Events that change one resource's tags the way people (or attackers) do, outside the janitor. */
export const RETAG_EVENTS = [
  'tag-iac',
  'untag-iac',
  'exempt',
  'unexempt',
  'corrupt-mark',
  'delete-by-others',
  'recase-tags',
  'misspell-exemption',
  'controller-tag',
  'recreate',
  // Named by (or dropped from) an IaC state: evidence the janitor reads each night, tags aside.
  'enter-iac-state',
  'leave-iac-state',
] as const;
export type RetagEvent = (typeof RETAG_EVENTS)[number];

/**
 * A Resolver rule starts (or stops) forwarding to an endpoint's addresses, or a route starts (or
 * stops) sending traffic through a firewall's endpoint: a dependency that arises, or goes, between
 * listing and deletion. Aimed at the world's endpoints and firewalls only.
 */
export const DEPENDENCY_EVENTS = ['add-dependent', 'remove-dependent'] as const;
export type DependencyEvent = (typeof DEPENDENCY_EVENTS)[number];

/** An MWAA environment starts (or stops) reading its DAGs from one of the world's buckets. */
export const DAG_EVENTS = ['start-reading-dags', 'stop-reading-dags'] as const;
export type DagEvent = (typeof DAG_EVENTS)[number];

export type ForeignMark = 'past-due' | 'future' | 'far-future';

/**
 * Resource Explorer's index falls behind on a resource (a new one not picked up yet, or one it
 * dropped), or catches up: with the pre-check on, a type whose only resources are missing from
 * the index is not listed that night.
 */
export const INDEX_EVENTS = ['leave-index', 'join-index'] as const;
export type IndexEvent = (typeof INDEX_EVENTS)[number];

/** What the region's Resource Explorer is like on a night, and whether the pre-check is on. */
export type ExplorerState = 'off' | 'trusted' | 'young-index' | 'filtered-view';

export type Event =
  | {
      readonly kind: 'create';
      readonly resource: Kind;
      readonly tags: TagState;
      readonly ageHours: number;
      /** Only for snapshots. */
      readonly origin: SnapshotOrigin;
    }
  | { readonly kind: RetagEvent; readonly target: number }
  | { readonly kind: DependencyEvent; readonly target: number }
  | { readonly kind: DagEvent; readonly target: number }
  | { readonly kind: IndexEvent; readonly target: number }
  | { readonly kind: 'foreign-mark'; readonly target: number; readonly when: ForeignMark }
  | { readonly kind: 'copy-tags'; readonly target: number; readonly source: number };

export type RunKind = 'normal' | 'skipped' | 'repeated' | 'frozen' | 'slack-down' | 'throttled';

export interface Night {
  readonly events: readonly Event[];
  readonly run: RunKind;
  /** Minutes the run starts after (or before) the usual time. */
  readonly jitterMinutes: number;
  /** Days the janitor did not run before this night (0: it ran yesterday); up to 60, a long pause. */
  readonly pauseDays: number;
  readonly freezeAtCall: number;
  /** Which call of a throttled run is refused, and how often. */
  readonly throttle: { readonly command: string; readonly times: number };
  /** Whether the IaC evidence (the state files) could be read this night. */
  readonly evidence: 'read' | 'unreadable';
  /** `off`: targets.resourceExplorerPrecheck off; otherwise on, with the region's index and view so. */
  readonly explorer: ExplorerState;
}

export interface History {
  readonly initial: readonly Event[];
  readonly nights: readonly Night[];
}

const tagState = fc.constantFrom<TagState>(
  'none',
  'none',
  'iac',
  'iac-recased',
  'other',
  'exempt-true',
  'exempt-future',
  'exempt-past',
  'exempt-malformed',
  'exempt-misspelt',
  'managed',
  'controller',
  'foreign-mark',
);
const create = fc.record({
  kind: fc.constant('create' as const),
  resource: fc.constantFrom<Kind>('instance', 'bucket', 'queue', 'snapshot', 'endpoint', 'firewall'),
  tags: tagState,
  ageHours: fc.integer({ min: 0, max: 120 }),
  origin: fc.constantFrom<SnapshotOrigin>(
    'by-hand',
    'by-hand',
    'janitor-final',
    'backup-name',
    'backup-tag',
    'shared',
    'creating',
    'look-alike',
  ),
});
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 3, arbitrary: create },
  { weight: 5, arbitrary: fc.record({ kind: fc.constantFrom(...RETAG_EVENTS), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom(...DEPENDENCY_EVENTS), target: fc.nat() }) },
  // Stopping acts only where one started: twice the weight, so a quick local run still sees both.
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom(...DAG_EVENTS), target: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom(...INDEX_EVENTS), target: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('foreign-mark' as const),
      target: fc.nat(),
      when: fc.constantFrom<ForeignMark>('past-due', 'future', 'far-future'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copy-tags' as const), target: fc.nat(), source: fc.nat() }) },
  // Re-creation under the same ARN again on its own: it decides only when it hits a marked bucket or
  // queue, the rarest path, which a quick local run must still reach every time.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('recreate' as const), target: fc.nat() }) },
);
/** Calls a throttled run has refused: listing, the tag re-read, tagging, deleting. */
const THROTTLED_COMMANDS = [
  'GetResources',
  'ListBuckets',
  'DescribeInstances',
  'DescribeDBSnapshots',
  'TagResources',
  'TerminateInstances',
  'DeleteQueue',
  'DeleteDBSnapshot',
  'ListResolverEndpoints',
  'ListResolverRules',
  'DeleteResolverEndpoint',
  'ListFirewalls',
  'DescribeFirewall',
  'DescribeRouteTables',
  'DeleteFirewall',
  'ListEnvironments',
];
const night: fc.Arbitrary<Night> = fc.record({
  events: fc.array(event, { maxLength: 6 }),
  run: fc.constantFrom<RunKind>('normal', 'normal', 'normal', 'skipped', 'repeated', 'frozen', 'slack-down', 'throttled'),
  jitterMinutes: fc.integer({ min: -45, max: 45 }),
  pauseDays: fc.constantFrom(0, 0, 0, 0, 0, 1, 3, 7, 9, 40, 60),
  freezeAtCall: fc.integer({ min: 0, max: 40 }),
  throttle: fc.record({ command: fc.constantFrom(...THROTTLED_COMMANDS), times: fc.integer({ min: 1, max: 4 }) }),
  evidence: fc.constantFrom<Night['evidence']>('read', 'read', 'read', 'read', 'read', 'read', 'read', 'read', 'read', 'unreadable'),
  explorer: fc.constantFrom<ExplorerState>('off', 'off', 'off', 'trusted', 'trusted', 'trusted', 'young-index', 'filtered-view'),
});
export const history: fc.Arbitrary<History> = fc.record({
  initial: fc.array(create, { minLength: 1, maxLength: 8 }),
  nights: fc.array(night, { minLength: 2, maxLength: 6 }),
});

const day = (now: number, offsetDays: number) => new Date(now + offsetDays * DAY).toISOString().slice(0, 10);
const whole = (ms: number) => formatDeadline(new Date(Math.floor(ms / 1000) * 1000));

function tagsFor(state: TagState, now: number, kind: Kind): Record<string, string> {
  switch (state) {
    case 'none':
      return {};
    case 'iac':
      return { ManagedBy: 'terraform' };
    case 'iac-recased':
      return { ' managedBy ': 'Terraform ' };
    case 'other':
      return { Owner: 'alice' };
    case 'exempt-true':
      return { [EXEMPT_TAG]: 'true' };
    case 'exempt-future':
      return { [EXEMPT_TAG]: day(now, 2) };
    case 'exempt-past':
      return { [EXEMPT_TAG]: day(now, -2) };
    case 'exempt-malformed':
      return { [EXEMPT_TAG]: 'forever' };
    case 'exempt-misspelt':
      return { 'Janitor:Exempt': 'TRUE' };
    case 'managed':
      return kind === 'instance' ? { 'aws:autoscaling:groupName': 'web' } : { Owner: 'bob' };
    case 'controller':
      return kind === 'instance' ? { 'karpenter.sh/nodepool': 'default' } : { 'kubernetes.io/cluster/prod': 'owned' };
    case 'foreign-mark':
      // Created from a template or snapshot that carried an old, well-formed mark.
      return { [MARK_TAG]: whole(now - 20 * DAY) };
  }
}

function seed(account: FakeAccount, kind: Kind, tags: Record<string, string>, createdAt: Date, name?: string): FakeResource {
  if (kind === 'instance') return seedInstance(account, { tags, launchTime: createdAt });
  if (kind === 'endpoint') return seedResolverEndpoint(account, { tags, createdAt, direction: 'INBOUND' });
  // Network Firewall reports no creation time: the world's firewalls have none either.
  if (kind === 'firewall') return seedFirewall(account, { tags, name });
  if (kind === 'bucket') return seedBucket(account, { tags, createdAt, name });
  return seedQueue(account, { tags, createdAt, name });
}

/** Why the world, on its own knowledge of how a snapshot came to be, says it must never be deleted. */
const MUST_SURVIVE: Partial<Record<SnapshotOrigin, string>> = {
  'janitor-final': 'the janitor took it as a final snapshot',
  'backup-name': 'AWS Backup took it (named awsbackup:)',
  'backup-tag': 'AWS Backup took it (tagged aws:backup:source-resource)',
  shared: 'shared with another account',
  creating: 'not yet available',
};

/** A manual DB snapshot as its origin makes it: name, status, sharing and the tags it starts with. */
function seedSnapshot(
  account: FakeAccount,
  origin: SnapshotOrigin,
  tags: Record<string, string>,
  createdAt: Date,
  now: number,
  id?: string,
) {
  const n = account.nextId('');
  const names: Record<SnapshotOrigin, string> = {
    'by-hand': `before-upgrade-${n}`,
    'janitor-final': `janitor-final-orders-db-${n}-202611010200`,
    'backup-name': `awsbackup:job-${n}`,
    'backup-tag': `backup-${n}`,
    shared: `for-partner-${n}`,
    creating: `in-progress-${n}`,
    'look-alike': `my-janitor-final-${n}`,
  };
  const start: Record<string, string> =
    origin === 'janitor-final'
      ? { ...tags, [MARK_TAG]: whole(now - 2 * DAY) }
      : origin === 'backup-tag'
        ? { ...tags, 'aws:backup:source-resource': 'arn:aws:rds:eu-west-1:123456789012:db:orders-db' }
        : tags;
  const snapshot = seedDbSnapshot(account, {
    id: id ?? names[origin],
    tags: start,
    createdAt,
    status: origin === 'creating' ? 'creating' : 'available',
    sharedWith: origin === 'shared' ? ['210987654321'] : [],
  });
  snapshot.data.origin = origin;
  if (MUST_SURVIVE[origin]) snapshot.data.mustSurvive = MUST_SURVIVE[origin];
  return snapshot;
}

const KIND_OF: Record<string, Kind> = {
  'ec2:instance': 'instance',
  's3:bucket': 'bucket',
  'sqs:queue': 'queue',
  'rds:snapshot': 'snapshot',
  'route53resolver:resolver-endpoint': 'endpoint',
  'network-firewall:firewall': 'firewall',
};

/** A route through the firewall, or a rule forwarding to the endpoint: it must then stay. */
function addDependent(account: FakeAccount, target: FakeResource): boolean {
  if (KIND_OF[target.type] === 'firewall') {
    const [endpointId] = endpointIdsOf(target);
    const table = seedRouteTable(account, { vpcId: target.data.vpcId, routes: [{ destination: '0.0.0.0/0', gatewayId: endpointId! }] });
    table.data.routesThrough = target.arn;
    target.data.mustSurvive = ROUTED_THROUGH;
    return true;
  }
  const endpoint = target;
  const rule = seedResolverRule(account, { domainName: `corp-${account.nextId('')}.example.com.`, targetIps: [endpoint.data.ips[0]] });
  rule.data.forwardsTo = endpoint.arn;
  endpoint.data.mustSurvive = FORWARDED_TO;
  return true;
}

/** A Terraform-managed MWAA environment whose DAG bucket is `bucket`: the bucket must then stay. */
function startReadingDags(account: FakeAccount, bucket: FakeResource): boolean {
  const environment = seedMwaaEnvironment(account, { sourceBucket: bucket.data.name, tags: { ManagedBy: 'terraform' } });
  environment.data.readsDagsFrom = bucket.arn;
  bucket.data.mustSurvive = DAG_BUCKET_OF;
  return true;
}

function removeDependents(account: FakeAccount, target: FakeResource): boolean {
  const dependents = [...account.resources.values()].filter(
    (r) => r.data.forwardsTo === target.arn || r.data.routesThrough === target.arn || r.data.readsDagsFrom === target.arn,
  );
  if (dependents.length === 0) return false;
  for (const r of dependents) account.resources.delete(r.arn);
  delete target.data.mustSurvive;
  return true;
}

/** The foreign mark an attacker or a copied template writes: well-formed, never announced. */
function foreignMark(when: ForeignMark, now: number): string {
  if (when === 'past-due') return whole(now - 2 * DAY);
  if (when === 'future') return whole(now + 10 * HOUR);
  return '9999-12-31T00:00:00Z';
}

/** The keys of the required tag however it is spelt (`ManagedBy`, ` managedby `). */
const iacKeys = (tags: Record<string, string>) => Object.keys(tags).filter((k) => k.trim().toLowerCase() === 'managedby');

/**
 * Applies one event at time `now`; false when it had nothing to act on. People change tags in the
 * console: straight to the account, not through the janitor's calls.
 */
export function apply(account: FakeAccount, e: Event, now: number, created: FakeResource[]): boolean {
  if (e.kind === 'create') {
    const tags = tagsFor(e.tags, now, e.resource);
    const createdAt = new Date(now - e.ageHours * HOUR);
    created.push(
      e.resource === 'snapshot' ? seedSnapshot(account, e.origin, tags, createdAt, now) : seed(account, e.resource, tags, createdAt),
    );
    return true;
  }
  if (e.kind === 'start-reading-dags' || e.kind === 'stop-reading-dags') {
    const bucket = pick(
      account,
      created.filter((r) => KIND_OF[r.type] === 'bucket'),
      e.target,
    );
    if (!bucket) return false;
    return e.kind === 'start-reading-dags' ? startReadingDags(account, bucket) : removeDependents(account, bucket);
  }
  if (e.kind === 'add-dependent' || e.kind === 'remove-dependent') {
    const target = pick(
      account,
      created.filter((r) => KIND_OF[r.type] === 'endpoint' || KIND_OF[r.type] === 'firewall'),
      e.target,
    );
    if (!target) return false;
    return e.kind === 'add-dependent' ? addDependent(account, target) : removeDependents(account, target);
  }
  const target = pick(account, created, e.target);
  if (!target) return false;
  if (e.kind === 'leave-index' || e.kind === 'join-index') {
    (e.kind === 'leave-index' ? notYetIndexed : indexCaughtUp)(account, target.arn);
    return true;
  }
  const { tags } = target;
  switch (e.kind) {
    case 'tag-iac':
      tags.ManagedBy = 'terraform';
      break;
    case 'untag-iac':
      for (const k of iacKeys(tags)) delete tags[k];
      break;
    case 'exempt':
      tags[EXEMPT_TAG] = 'true';
      break;
    case 'unexempt':
      // Every spelling the janitor honours as the exemption, the misspelt ones too.
      for (const k of Object.keys(tags).filter((k) => looseKey(k) === EXEMPT_TAG)) delete tags[k];
      break;
    case 'corrupt-mark':
      if (tags[MARK_TAG] !== undefined) tags[MARK_TAG] = 'next tuesday';
      break;
    case 'recase-tags':
      for (const k of iacKeys(tags)) {
        const value = tags[k]!;
        delete tags[k];
        tags[` ${k.toUpperCase()} `] = ` ${value.toUpperCase()}`;
      }
      break;
    case 'misspell-exemption':
      tags['janitor-exempt'] = 'true';
      break;
    case 'enter-iac-state':
      target.data.inIacState = true;
      break;
    case 'leave-iac-state':
      delete target.data.inIacState;
      break;
    case 'controller-tag':
      tags['ebs.csi.aws.com/cluster'] = 'true';
      break;
    case 'foreign-mark':
      tags[MARK_TAG] = foreignMark(e.when, now);
      break;
    case 'copy-tags': {
      const source = pick(account, created, e.source);
      if (!source || source === target) return false;
      // AWS refuses tag keys starting with aws: from anyone but AWS itself.
      Object.assign(tags, Object.fromEntries(Object.entries(source.tags).filter(([k]) => !k.toLowerCase().startsWith('aws:'))));
      break;
    }
    case 'delete-by-others':
      account.resources.delete(target.arn);
      return true;
    case 'recreate':
      return recreate(account, target, now, created);
  }
  if (Object.keys(tags).length > 0) target.everTagged = true;
  return true;
}

function pick(account: FakeAccount, created: readonly FakeResource[], index: number): FakeResource | undefined {
  const target = created.length > 0 ? created[index % created.length] : undefined;
  return target && account.exists(target.arn) ? target : undefined;
}

/** Deleted and created again under the same name (so the same ARN), with its tags restored, mark included. */
function recreate(account: FakeAccount, old: FakeResource, now: number, created: FakeResource[]): boolean {
  const kind = KIND_OF[old.type]!;
  // An instance's or endpoint's ARN carries its unique id: it cannot come back under the same ARN.
  if (kind === 'instance' || kind === 'endpoint') return false;
  account.resources.delete(old.arn);
  const createdAt = new Date(now - 30 * HOUR);
  const fresh =
    kind === 'snapshot'
      ? seedSnapshot(account, old.data.origin, { ...old.tags }, createdAt, now, old.data.id)
      : seed(account, kind, { ...old.tags }, createdAt, kind === 'queue' ? old.data.queueName : old.data.name);
  created[created.indexOf(old)] = fresh;
  return true;
}

/** The census name of what an event did, when it is one of the situations the census follows. */
export function situationOf(e: Event): string | undefined {
  switch (e.kind) {
    case 'create':
      return e.resource === 'snapshot' ? SNAPSHOT_SITUATIONS[e.origin] : CREATED_SITUATIONS[e.tags];
    case 'foreign-mark':
      return `foreign mark ${e.when}`;
    case 'copy-tags':
      return 'tags copied from another resource';
    case 'recase-tags':
      return 'tags rewritten in another case or with spaces';
    case 'misspell-exemption':
      return 'misspelt exemption';
    case 'controller-tag':
      return 'controller tag';
    case 'recreate':
      return 're-created under the same ARN';
    case 'enter-iac-state':
      return 'named by an IaC state';
    case 'leave-iac-state':
      return 'dropped from an IaC state';
    case 'add-dependent':
      return 'a rule or route starts using an endpoint or firewall';
    case 'remove-dependent':
      return 'the rules or routes using an endpoint or firewall are deleted';
    case 'start-reading-dags':
      return 'an MWAA environment starts reading its DAGs from a bucket';
    case 'stop-reading-dags':
      return "the MWAA environments reading a bucket's DAGs are deleted";
    case 'leave-index':
      return 'a resource missing from the Resource Explorer index';
    case 'join-index':
      return 'the Resource Explorer index catches up on a resource';
    default:
      return e.kind;
  }
}

const CREATED_SITUATIONS: Partial<Record<TagState, string>> = {
  'foreign-mark': 'foreign mark past-due',
  'iac-recased': 'tags rewritten in another case or with spaces',
  'exempt-misspelt': 'misspelt exemption',
  controller: 'controller tag',
};

const SNAPSHOT_SITUATIONS: Partial<Record<SnapshotOrigin, string>> = {
  'janitor-final': "janitor's final snapshot, carrying its database's mark",
  'backup-name': 'AWS Backup snapshot (by name)',
  'backup-tag': 'AWS Backup snapshot (by tag)',
  shared: 'snapshot shared with another account',
  creating: 'snapshot not yet available',
  'look-alike': 'hand-made snapshot named like a protected one',
};
