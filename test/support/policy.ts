import { parseConfig, type JanitorConfigInput } from '../../lambda/config';
import { decisionPolicy } from '../../lambda/core/decide';

/** The decision policy of a minimal valid configuration with these overrides. */
export function policyWith(overrides: Partial<JanitorConfigInput> = {}, ownStackName = 'UntaggedResourceJanitor') {
  return decisionPolicy(parseConfig({ slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' }, ...overrides }), ownStackName);
}
