import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import { type EvidenceProblem, type EvidenceSourceRead, evidenceFrom, type IacEvidence } from '../core/iac-evidence';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import { readStackEvidence } from './cloudformation-evidence';
import { parsePulumiState } from './pulumi-state';
import type { StackCache } from './stack-cache';
import { readStateSource, type StateRead, type StateSource, s3In } from './state-files';
import { parseTerraformState } from './terraform-state';

/** Every configured source for one target; a source that fails is a problem, never an empty source. */
export async function readEvidence(
  clients: AwsClients,
  config: JanitorConfig['iac'],
  stateClients = clients,
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
      identities.push(...stacks.identities);
      sources.push({ source: `CloudFormation (${clients.target.region})`, identities: stacks.identities.length });
    } catch (error) {
      problems.push({ source: `CloudFormation (${clients.target.region})`, error: errorText(error) });
    }
  }
  for (const { source, region } of stateSources(config)) {
    try {
      const read: StateRead = await readStateSource(s3In(stateClients, region), source);
      identities.push(...read.identities);
      sources.push({
        source: `${source.kind} s3://${source.bucket}/${source.prefix}`,
        identities: read.identities.length,
        objects: read.objects,
      });
    } catch (error) {
      problems.push({ source: `${source.kind} s3://${source.bucket}/${source.prefix}`, error: errorText(error) });
    }
  }
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
