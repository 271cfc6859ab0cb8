/** The evidence bench's results (bench/evidence.ts writes them, bench/evidence-report.ts renders them). */
import type { ThrottlingOptions } from '../test/fakes/http/throttle';
import type { ReadBound } from './evidence-bound';
import { type Digest, PULUMI_CHECKPOINTS, STATE_FILES, UPDATED_SHARE } from './evidence-seed';
import type { EvidenceWorkerReady } from './evidence-worker';

export type MeasurementId = 'stacks-uncached' | 'stacks-cached' | 'stacks-updated' | 'states' | 'states-plan';
export const MEASUREMENTS: readonly { id: MeasurementId; title: string }[] = [
  { id: 'stacks-uncached', title: 'stacks, first night (cache empty)' },
  { id: 'stacks-cached', title: 'stacks, second night (nothing changed)' },
  { id: 'stacks-updated', title: `stacks, ${UPDATED_SHARE * 100} % of stacks updated` },
  { id: 'states', title: `state files (${STATE_FILES} Terraform + ${PULUMI_CHECKPOINTS} Pulumi), readStateSource per source` },
  { id: 'states-plan', title: 'the same through readStateEvidence (the plan step)' },
];

export interface Measurement {
  readonly id: MeasurementId;
  readonly wallSeconds: number;
  readonly bound: ReadBound;
  readonly identities: number;
  readonly expected: Digest;
  readonly found: Digest;
  readonly liveStacks?: number;
  readonly calls: Record<string, number>;
  readonly throttled: Record<string, number>;
  readonly errors: Record<string, number>;
  readonly peakHeapMB: number;
  readonly peakRssMB: number;
  /** Share of the wall time the janitor's event loop was busy (CPU), not waiting. */
  readonly busy: number;
  /** Set when the read reported a problem instead of its identities (then nothing is compared). */
  readonly failed?: string;
}

export interface RunResult {
  readonly latencyMs: number;
  readonly run: number;
  readonly seeded: EvidenceWorkerReady['seeded'];
  readonly updatedStacks: number;
  readonly measurements: Measurement[];
}

export interface EvidenceResults {
  readonly generatedBy: string;
  readonly startedAt: string;
  readonly tookSeconds: number;
  readonly latencies: number[];
  readonly runs: number;
  readonly pageSizes: Readonly<Record<string, number>>;
  readonly throttling: ThrottlingOptions;
  readonly concurrency: { readonly stacks: number; readonly stateObjects: number };
  readonly parseAlone: { readonly files: number; readonly msPerFile: number; readonly bytesPerFile: number };
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGB: number;
    readonly platform: string;
    readonly node: string;
    readonly loadBefore: number[];
    readonly loadAfter: number[];
  };
  readonly results: RunResult[];
  /** Reads that reported a problem instead of evidence (the bench exits 1). */
  readonly failures: string[];
}
