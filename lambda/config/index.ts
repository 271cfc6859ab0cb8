import { RESOURCE_TYPE_IDS } from '../resources/registry';
import { type JanitorConfig, parseJanitorConfig } from './schema';

export { ConfigError, type JanitorConfig, type JanitorConfigInput } from './schema';

/** Parses configuration against the registry of supported types. */
export function parseConfig(raw: unknown): JanitorConfig {
  return parseJanitorConfig(raw, RESOURCE_TYPE_IDS);
}
