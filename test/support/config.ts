import { ConfigError, parseConfig } from '../../lambda/config';

/** The smallest valid configuration: the required Slack fields. */
export const MINIMAL_CONFIG = { slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack-bot-token' } };

/** The problems a configuration is rejected with; throws when it is accepted. */
export function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}
