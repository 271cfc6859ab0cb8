/**
 * The evidence bench's fake account and loopback endpoint, in a worker thread (as bench/endpoint-worker.ts
 * runs the main bench's): the fake's CPU (seeding, serializing answers) stays off the janitor's event
 * loop. Seeds the stacks, state files and checkpoints of bench/evidence-seed.ts and answers:
 * `stats` (calls so far by operation), `update` (5 % of the live stacks change), `close`.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { StackStatus } from '@aws-sdk/client-cloudformation';
import { FakeAccount } from '../test/fakes/fake-account';
import { startAwsHttpEndpoint } from '../test/fakes/http/aws-http-endpoint';
import type { ThrottlingOptions } from '../test/fakes/http/throttle';
import { fakeServicesOf } from '../test/fakes/install';
import { deleteStack, type FakeStack, seedStack, updateStack } from '../test/fakes/services/cloudformation';
import { putObjectBody, seedBucket } from '../test/fakes/services/s3';
import {
  AUDIT_BUCKET,
  type Digest,
  DigestBuilder,
  PULUMI_BUCKET,
  PULUMI_CHECKPOINTS,
  PULUMI_PREFIX,
  prng,
  pulumiCheckpoint,
  STATE_FILES,
  stackIdentityBy,
  stackResource,
  stackSpecs,
  TF_BUCKET,
  terraformState,
  UPDATED_SHARE,
} from './evidence-seed';

export interface EvidenceWorkerInput {
  readonly region: string;
  readonly latencyMs: number;
  readonly throttling: ThrottlingOptions;
  readonly pageSizes: Readonly<Record<string, number>>;
  /** Each run's stack update times differ from the seeded ones. */
  readonly updateAt: string;
}

export interface SeedSummary {
  readonly liveStacks: number;
  readonly deletedStacks: number;
  readonly stackResources: number;
  readonly deletedStackResources: number;
  readonly resourcesPerStack: { readonly min: number; readonly median: number; readonly max: number; readonly over100: number };
  /** ListStackResources pages of the largest stack at the served page size. */
  readonly longestStackPages: number;
  readonly stateFiles: number;
  readonly workspaceFiles: number;
  readonly stateBytes: number;
  readonly pulumiCheckpoints: number;
  readonly pulumiBytes: number;
  readonly otherObjects: number;
  readonly seedSeconds: number;
}

export interface EvidenceWorkerReady {
  readonly kind: 'ready';
  readonly url: string;
  readonly accountId: string;
  readonly seeded: SeedSummary;
  readonly stacks: Digest;
  readonly states: Digest;
}

export interface CallCounts {
  readonly calls: Record<string, number>;
  readonly throttled: Record<string, number>;
  readonly errors: Record<string, number>;
  readonly unserved: Record<string, number>;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

function stacksDigest(live: readonly FakeStack[]): Digest {
  const digest = new DigestBuilder();
  for (const stack of live) for (const r of stack.resources) digest.add(r.physicalId, stackIdentityBy(stack.stackName, r));
  return digest.digest();
}

async function main() {
  const input = workerData as EvidenceWorkerInput;
  const started = performance.now();
  const account = new FakeAccount();
  const { region } = input;
  const specs = stackSpecs(account.accountId, region);
  const created = new Date('2026-01-01T00:00:00Z');
  const live: FakeStack[] = specs.live.map((s, i) => {
    const stack = seedStack(account, { name: s.name, region, status: s.status as StackStatus, resources: s.resources });
    // Spread creation and update times over the year, as real stacks are.
    Object.assign(stack, { createdAt: new Date(created.getTime() + i * 3_600_000) });
    if (s.updated) stack.updatedAt = new Date(created.getTime() + i * 3_600_000 + 86_400_000);
    return stack;
  });
  for (const s of specs.deleted) deleteStack(seedStack(account, { name: s.name, region, resources: s.resources }));

  seedBucket(account, { name: AUDIT_BUCKET, region });
  const tf = seedBucket(account, { name: TF_BUCKET, region });
  const pulumi = seedBucket(account, { name: PULUMI_BUCKET, region });
  const states = new DigestBuilder();
  let stateBytes = 0;
  let workspaceFiles = 0;
  for (let i = 0; i < STATE_FILES; i += 1) {
    const file = terraformState(i, account.accountId, region);
    putObjectBody(tf, file.key, file.body);
    states.addAll(file.identities);
    stateBytes += file.body.byteLength;
    if (file.key.startsWith('env:/')) workspaceFiles += 1;
  }
  let pulumiBytes = 0;
  let otherObjects = 0;
  for (let i = 0; i < PULUMI_CHECKPOINTS; i += 1) {
    const file = pulumiCheckpoint(i, account.accountId, region);
    putObjectBody(pulumi, file.key, file.body);
    states.addAll(file.identities);
    pulumiBytes += file.body.byteLength;
    // The DIY backend's history and backups sit beside the checkpoints: listed, never read.
    const stack = file.key.slice(`${PULUMI_PREFIX}/stacks/`.length).replace(/\.json\.gz$/, '');
    putObjectBody(pulumi, `${PULUMI_PREFIX}/history/${stack}/${stack.split('/')[1]}-1733000000.checkpoint.json.gz`, 'x');
    putObjectBody(pulumi, `${PULUMI_PREFIX}/backups/${stack}/${stack.split('/')[1]}.1733000000.json.gz`, 'x');
    otherObjects += 2;
  }
  putObjectBody(pulumi, `${PULUMI_PREFIX}/meta.yaml`, 'version: 1\n');
  otherObjects += 1;

  const counts = live.map((s) => s.resources.length);
  const pageSize = input.pageSizes['cloudformation:ListStackResources'] ?? 100;
  const seeded: SeedSummary = {
    liveStacks: live.length,
    deletedStacks: specs.deleted.length,
    stackResources: counts.reduce((a, b) => a + b, 0),
    deletedStackResources: specs.deleted.reduce((n, s) => n + s.resources.length, 0),
    resourcesPerStack: {
      min: Math.min(...counts),
      median: median(counts),
      max: Math.max(...counts),
      over100: counts.filter((c) => c > 100).length,
    },
    longestStackPages: Math.max(...counts.map((c) => Math.max(1, Math.ceil(c / pageSize)))),
    stateFiles: STATE_FILES,
    workspaceFiles,
    stateBytes,
    pulumiCheckpoints: PULUMI_CHECKPOINTS,
    pulumiBytes,
    otherObjects,
    seedSeconds: (performance.now() - started) / 1000,
  };

  const endpoint = await startAwsHttpEndpoint({
    services: fakeServicesOf(account),
    latencyMs: input.latencyMs,
    throttling: input.throttling,
    pageSizes: input.pageSizes,
  });
  const ready: EvidenceWorkerReady = {
    kind: 'ready',
    url: endpoint.url,
    accountId: account.accountId,
    seeded,
    stacks: stacksDigest(live),
    states: states.digest(),
  };
  parentPort!.postMessage(ready);
  parentPort!.on('message', async (message: { kind: string }) => {
    if (message.kind === 'stats') {
      const s = endpoint.stats;
      const counts: CallCounts = {
        calls: Object.fromEntries(s.calls),
        throttled: Object.fromEntries(s.throttled),
        errors: Object.fromEntries(s.errors),
        unserved: Object.fromEntries(s.unserved),
      };
      parentPort!.postMessage({ kind: 'stats', counts });
    } else if (message.kind === 'update') {
      // 5 % of the live stacks, spread over the list: a resource replaced and two added each.
      const r = prng(77);
      const every = Math.round(1 / UPDATED_SHARE);
      const changed = live.filter((_, i) => i % every === every - 1 && live[i]!.status !== 'REVIEW_IN_PROGRESS');
      for (const stack of changed) {
        const next = stack.resources.slice(1);
        const n = stack.resources.length;
        next.push(...[0, 1, 2].map((k) => stackResource(r, account.accountId, region, stack.stackName, 1_000 + n + k)));
        updateStack(stack, next, new Date(input.updateAt));
        stack.status = 'UPDATE_COMPLETE';
      }
      const resources = live.reduce((a, s) => a + s.resources.length, 0);
      const longestChangedPages = Math.max(1, ...changed.map((s) => Math.ceil(s.resources.length / pageSize)));
      parentPort!.postMessage({ kind: 'updated', stacks: stacksDigest(live), changed: changed.length, resources, longestChangedPages });
    } else if (message.kind === 'close') {
      await endpoint.close();
      parentPort!.postMessage({ kind: 'closed' });
      parentPort!.close();
    }
  });
}

main().catch((error) => {
  parentPort!.postMessage({ kind: 'error', error: String(error?.stack ?? error) });
});
