import type { EvidenceSizes } from '../audit/evidence-sizes';
import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import { type IacEvidence, shrinkProblem, withProblem } from '../core/iac-evidence';
import { errorText } from '../util/errors';
import { readEvidence, type StateEvidence } from './read-evidence';
import type { StackCache } from './stack-cache';

export interface NightEvidenceOptions {
  readonly config: JanitorConfig['iac'];
  readonly clients: AwsClients;
  /** The run's state evidence, read once for all its targets (the plan step); absent: read here with `clients`. */
  readonly states?: StateEvidence;
  /** Earlier nights' evidence sizes; absent: no shrink check. */
  readonly sizes?: EvidenceSizes;
  /** Last night's stack listings; absent: every stack is listed. */
  readonly stackCache?: StackCache;
  readonly now: Date;
}

/** Tonight's evidence, held (a problem added) when it shrank sharply since the last night it was read. */
export async function nightEvidence(options: NightEvidenceOptions): Promise<IacEvidence> {
  const { clients, sizes } = options;
  const evidence = await readEvidence(clients, options.config, options.states, options.stackCache);
  // A failed read is smaller than the truth: it is neither compared nor kept as the baseline.
  if (!sizes || evidence.problems.length > 0) return evidence;
  const { accountId, region } = clients.target;
  try {
    const previous = await sizes.latest(accountId, region);
    // Kept even when it shrank: the hold lasts one night, so an intended removal goes through the next.
    await sizes.record(accountId, region, { identities: evidence.size, at: options.now.toISOString() });
    const shrunk = shrinkProblem(previous, evidence.size);
    return shrunk ? withProblem(evidence, shrunk) : evidence;
  } catch (error) {
    return withProblem(evidence, { source: 'IaC evidence history', error: `could not be read or written: ${errorText(error)}` });
  }
}
