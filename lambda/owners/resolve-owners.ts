import type { WebClient } from '@slack/web-api';
import type { AwsClients } from '../aws/clients';
import type { JanitorConfig } from '../config/schema';
import type { Resource } from '../core/model';
import type { ResourceOwner } from '../core/report';
import { logger } from '../logger';
import { createSlackClient, type SlackClientOptions } from '../slack/slack-client';
import { errorText } from '../util/errors';
import { CloudTrailCreatorLookup, type CloudTrailCreatorOptions, LookupBudgetSpent } from './cloudtrail-creator';
import { ownerFromTags } from './owner-facts';
import { SlackUserDirectory } from './slack-users';

export interface OwnerResolution {
  /** By ARN; a resource without an entry has an unknown owner. */
  readonly owners: ReadonlyMap<string, ResourceOwner>;
  /** Lookups that failed (shown in the warning and logged): "unknown" may then mean "not found out". */
  readonly problems: readonly string[];
}

/** Finds the owners of the resources a warning is about. Lookup failures are reported, not thrown. */
export interface OwnerResolver {
  resolve(resources: readonly Resource[], clients: AwsClients): Promise<OwnerResolution>;
}

export interface OwnerResolverOptions {
  readonly config: JanitorConfig['owners'];
  /** Slack client for users.lookupByEmail; used when `lookupSlackUserByEmail` is on and `emailDomains` is not empty. */
  readonly slack?: WebClient;
  readonly cloudTrail?: CloudTrailCreatorOptions;
}

/**
 * Owner tag first, then CloudTrail's creating event (rate-limited, only for the resources given,
 * i.e. those about to be warned about), then the Slack user: configured map, else email lookup
 * (emails in `emailDomains` only).
 */
export class ConfiguredOwnerResolver implements OwnerResolver {
  constructor(private readonly options: OwnerResolverOptions) {}

  async resolve(resources: readonly Resource[], clients: AwsClients): Promise<OwnerResolution> {
    const { config } = this.options;
    const owners = new Map<string, ResourceOwner>();
    const problems = new Set<string>();
    const directory = new SlackUserDirectory({
      slackUserByOwner: config.slackUserByOwner,
      client: looksUpEmails(config) ? this.options.slack : undefined,
      emailDomains: config.emailDomains,
    });
    const trail = config.fromCloudTrail ? new CloudTrailCreatorLookup(this.options.cloudTrail) : undefined;
    let trailBroken: string | undefined;

    for (const resource of resources) {
      let name = ownerFromTags(resource.tags, config.tagKeys);
      let source: ResourceOwner['source'] = 'tag';
      if (!name && trail && !trailBroken) {
        source = 'cloudtrail';
        try {
          name = await trail.creatorOf(clients, resource);
        } catch (error) {
          // One failure (AccessDenied, throttled beyond retries, budget spent) would repeat for every
          // other resource: stop asking CloudTrail in this run and say so.
          trailBroken = error instanceof LookupBudgetSpent ? error.message : `CloudTrail LookupEvents failed: ${errorText(error)}`;
          problems.add(trailBroken);
          logger.warn('owner lookup in CloudTrail failed', { arn: resource.arn, error: trailBroken });
        }
      }
      if (!name) continue;
      let slackUserId: string | undefined;
      try {
        slackUserId = await directory.slackUserFor(name);
      } catch (error) {
        problems.add(errorText(error));
        logger.warn('owner lookup in Slack failed', { arn: resource.arn, owner: name, error: errorText(error) });
      }
      owners.set(resource.arn, { name, source, ...(slackUserId ? { slackUserId } : {}) });
      logger.info('owner', { arn: resource.arn, owner: name, source, slackUserId });
    }
    return { owners, problems: [...problems] };
  }
}

/** Emails are looked up only when switched on and some domain is trusted. */
function looksUpEmails(owners: JanitorConfig['owners']): boolean {
  return owners.lookupSlackUserByEmail && owners.emailDomains.length > 0;
}

/** The resolver for a scheduled run: a Slack client (bot token from its secret) only when emails are looked up. */
export async function createOwnerResolver(
  config: JanitorConfig,
  slack: Pick<SlackClientOptions, 'slackApiUrl' | 'retries'> = {},
): Promise<OwnerResolver> {
  const client = looksUpEmails(config.owners)
    ? await createSlackClient({ tokenSecretName: config.slack.tokenSecretName, ...slack })
    : undefined;
  return new ConfiguredOwnerResolver({ config: config.owners, slack: client });
}
