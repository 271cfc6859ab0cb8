import type { JanitorConfig } from '../config/schema';

/**
 * The Slack bot scopes a configuration needs, each with the Web API methods that need it
 * (https://docs.slack.dev/reference/scopes). The app manifest and its docs are built from this.
 */
export interface ScopeNeed {
  readonly scope: string;
  readonly why: string;
}

export function requiredSlackScopes(config: Pick<JanitorConfig, 'slack' | 'owners'>): ScopeNeed[] {
  const needs: ScopeNeed[] = [
    { scope: 'chat:write', why: 'chat.postMessage: warnings, reports and failures (chat.update and chat.postEphemeral for Keep buttons)' },
    { scope: 'files:write', why: 'files.uploadV2: the full list attached to a long warning or report' },
  ];
  const { owners, slack } = config;
  if (owners.lookupSlackUserByEmail && owners.emailDomains.length > 0) {
    needs.push({ scope: 'users:read', why: 'users.lookupByEmail: owners mentioned by their email' });
    needs.push({ scope: 'users:read.email', why: 'users.lookupByEmail: owners mentioned by their email' });
  }
  if (slack.keepButtons?.allowedUserGroupId) {
    needs.push({ scope: 'usergroups:read', why: 'usergroups.users.list: the Keep allow-list group' });
  }
  return needs;
}

/** A Slack app manifest (https://docs.slack.dev/reference/app-manifest) for this configuration. */
export function slackAppManifest(config: Pick<JanitorConfig, 'slack' | 'owners'>, keepUrl = 'https://<KeepEndpointUrl output>/'): object {
  const interactive = config.slack.keepButtons !== undefined;
  return {
    display_information: { name: 'Untagged-resource janitor', description: 'Warns before deleting AWS resources created outside IaC.' },
    features: { bot_user: { display_name: 'janitor', always_online: false } },
    oauth_config: { scopes: { bot: requiredSlackScopes(config).map((n) => n.scope) } },
    settings: {
      ...(interactive ? { interactivity: { is_enabled: true, request_url: keepUrl } } : {}),
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}
