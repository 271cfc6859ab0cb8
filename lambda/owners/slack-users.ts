import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import { slackErrorText } from '../slack/slack-client';
import { emailInDomains } from './owner-facts';

export interface SlackUserDirectoryOptions {
  /** Owner name to Slack user ID (`owners.slackUserByOwner`), checked first. */
  readonly slackUserByOwner: Readonly<Record<string, string>>;
  /** Looks emails up with users.lookupByEmail (needs the bot scope users:read.email); absent: no lookups. */
  readonly client?: WebClient;
  /** Only emails in these domains are looked up (`owners.emailDomains`); empty: none. */
  readonly emailDomains: readonly string[];
}

/** Maps owner names to Slack user IDs: the configured map, then email lookup in allowed domains. One answer per name per run. */
export class SlackUserDirectory {
  private readonly byLowerName: ReadonlyMap<string, string>;
  private readonly cache = new Map<string, Promise<string | undefined>>();
  /** After a lookup failed for a reason other than "no such user", the rest would fail the same way. */
  private lookupBroken?: string;

  constructor(private readonly options: SlackUserDirectoryOptions) {
    this.byLowerName = new Map(Object.entries(options.slackUserByOwner).map(([name, id]) => [name.toLowerCase(), id]));
  }

  /** The Slack user ID for an owner; undefined when there is none. Throws when Slack fails. */
  slackUserFor(owner: string): Promise<string | undefined> {
    const mapped = this.options.slackUserByOwner[owner] ?? this.byLowerName.get(owner.toLowerCase());
    if (mapped) return Promise.resolve(mapped);
    // Anything else stays a plain name: never looked up, never mentioned.
    if (!this.options.client || !emailInDomains(owner, this.options.emailDomains)) return Promise.resolve(undefined);
    const key = owner.toLowerCase();
    let answer = this.cache.get(key);
    if (!answer) {
      answer = this.lookupByEmail(this.options.client, owner);
      this.cache.set(key, answer);
    }
    return answer;
  }

  private async lookupByEmail(client: WebClient, email: string): Promise<string | undefined> {
    if (this.lookupBroken) throw new Error(this.lookupBroken);
    try {
      const result = await client.users.lookupByEmail({ email });
      return result.user?.id;
    } catch (error) {
      if (error instanceof WebAPIPlatformError && error.data.error === 'users_not_found') return undefined;
      this.lookupBroken = `Slack users.lookupByEmail failed: ${slackErrorText(error)}`;
      throw new Error(this.lookupBroken, { cause: error });
    }
  }
}
