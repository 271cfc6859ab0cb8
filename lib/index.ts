/**
 * The janitor as a library for a team's own CDK app: the construct, the member-account stack,
 * and the configuration's type and validator (a bad value throws `ConfigError` naming the field).
 */
export { ConfigError, type JanitorConfig, type JanitorConfigInput, parseConfig } from '../lambda/config';
export { JanitorMemberStack, type JanitorMemberStackProps } from './member-stack';
export { DEFAULT_JANITOR_NAME, UntaggedResourceJanitor, type UntaggedResourceJanitorProps } from './untagged-resource-janitor';
