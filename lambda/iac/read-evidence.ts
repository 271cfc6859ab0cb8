import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import { type EvidenceProblem, type EvidenceSourceRead, evidenceFrom, type IacEvidence } from '../core/iac-evidence';
import { logger } from '../logger';
import { append } from '../util/batches';
import { errorText } from '../util/errors';
import { readStackEvidence } from './cloudformation-evidence';
import { parsePulumiState } from './pulumi-state';
import type { StackCache } from './stack-cache';
import { readStateSource, type StateRead, type StateSource, s3In } from './state-files';
import { parseTerraformState } from './terraform-state';

/**
 * What the configured Terraform and Pulumi states name: the same for every target of a run, so a
 * multi-target run reads it once (the plan step) and each sweep loads it; only identities and
 * object keys/versions/serials, never state contents.
 */
export interface StateEvidence {
  readonly identities: readonly { readonly value: string; readonly by: string }[];
  readonly problems: readonly EvidenceProblem[];
  readonly sources: readonly EvidenceSourceRead[];
}

/** No state source configured. */
export const NO_STATE_EVIDENCE: StateEvidence = { identities: [], problems: [], sources: [] };

/** Whether the configuration names any state source. */
export function hasStateSources(config: JanitorConfig['iac']): boolean {
  return config.terraform.s3.length + config.pulumi.s3.length > 0;
}

/** Every configured state source, read with `stateClients` (the janitor's own account); a source that fails is a problem. */
export async function readStateEvidence(stateClients: AwsClients, config: JanitorConfig['iac']): Promise<StateEvidence> {
  const identities: { value: string; by: string }[] = [];
  const problems: EvidenceProblem[] = [];
  const sources: EvidenceSourceRead[] = [];
  for (const { source, region } of stateSources(config)) {
    const name = `${source.kind} s3://${source.bucket}/${source.prefix}`;
    try {
      const read: StateRead = await readStateSource(s3In(stateClients, region), source);
      append(identities, read.identities);
      sources.push({ source: name, identities: read.identities.length, objects: read.objects });
    } catch (error) {
      problems.push({ source: name, error: errorText(error) });
    }
  }
  return { identities, problems, sources };
}

/**
 * Every configured source for one target: its stacks, read here, and the run's state evidence.
 * `states` defaults to reading the state files now with the target's own clients.
 */
export async function readEvidence(
  clients: AwsClients,
  config: JanitorConfig['iac'],
  states?: StateEvidence,
  stackCache?: StackCache,
): Promise<IacEvidence> {
  const identities: { value: string; by: string }[] = [];
  const problems: EvidenceProblem[] = [];
  const sources: EvidenceSourceRead[] = [];
  let liveStackIds: ReadonlySet<string> | undefined;
  const stacksReadIn = { accountId: clients.target.accountId, region: clients.target.region };

  if (config.cloudFormation.enabled) {
    try {
      const stacks = await readStackEvidence(clients, stackCache);
      liveStackIds = stacks.liveStackIds;
      append(identities, stacks.identities);
      sources.push({ source: `CloudFormation (${clients.target.region})`, identities: stacks.identities.length });
    } catch (error) {
      problems.push({ source: `CloudFormation (${clients.target.region})`, error: errorText(error) });
    }
  }
  const stateEvidence = states ?? (hasStateSources(config) ? await readStateEvidence(clients, config) : NO_STATE_EVIDENCE);
  append(identities, stateEvidence.identities);
  append(problems, stateEvidence.problems);
  append(sources, stateEvidence.sources);
  for (const problem of problems) logger.error('IaC evidence incomplete: nothing is marked or deleted this night', { ...problem });
  for (const s of sources) logger.info('IaC evidence read', { source: s.source, identities: s.identities, objects: s.objects?.length });
  return evidenceFrom({ identities, liveStackIds, stacksReadIn, problems, sources });
}

function stateSources(config: JanitorConfig['iac']): { source: StateSource; region?: string }[] {
  return [
    ...config.terraform.s3.map((s) => ({
      region: s.region,
      source: { kind: 'terraform' as const, bucket: s.bucket, prefix: s.prefix, include: s.include, parse: parseTerraformState },
    })),
    ...config.pulumi.s3.map((s) => ({
      region: s.region,
      // DIY backend layout: <prefix>/stacks/<project>/<stack>.json, possibly gzipped.
      source: {
        kind: 'pulumi' as const,
        bucket: s.bucket,
        prefix: s.prefix,
        include: ['stacks/**/*.json', 'stacks/**/*.json.gz'],
        parse: parsePulumiState,
      },
    })),
  ];
}
