import type { ResourceType } from '../../lambda/resources/resource-type';
import { janitorRoleNames } from './role-names';
import { TAGGING_API_WRITE_ACTIONS, tagActionKind } from './tag-keys';

/** AWS Organizations' size limit for one SCP, in characters. */
export const SCP_MAX_SIZE = 5_120;

export interface JanitorScpOptions {
  /** `janitorStackName`: its `-sweep` and `-keep` roles may write janitor tags. */
  readonly janitorRoleNames: readonly string[];
  /** The janitor's account; omitted: its roles' names in any account. */
  readonly janitorAccountId?: string;
  /** `targets.memberRoleName` and `targets.keepMemberRoleName`, in any account. */
  readonly memberRoleNames: readonly string[];
  /** Further principals that may (break-glass, or `janitor unmark` after an uninstall). */
  readonly alsoAllowedPrincipalArns?: readonly string[];
}

/** Every tag write and removal the plug-ins know (they tag through these), and the tagging API's. */
export function janitorTagActions(types: readonly ResourceType[]): string[] {
  const service = types.flatMap((t) => t.iam.tag).filter((a) => ['write', 'remove'].includes(tagActionKind(a)));
  return [...new Set([...TAGGING_API_WRITE_ACTIONS, ...service])].sort();
}

/**
 * A service control policy: nobody but the janitor's roles may write or remove a `janitor:*` tag
 * key, in any account it applies to, so only the janitor can mark. The tagging API's own actions
 * carry no aws:TagKeys (IAM then checks the service action, which this denies too); S3's
 * PutBucketTagging carries none either and stays out of its reach
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_tagging.html).
 */
export function janitorScp(types: readonly ResourceType[], options: JanitorScpOptions): Record<string, unknown> {
  const role = (account: string) => (name: string) => `arn:*:iam::${account}:role/${name}`;
  const allowed = [
    ...options.janitorRoleNames.map(role(options.janitorAccountId ?? '*')),
    ...options.memberRoleNames.map(role('*')),
    ...(options.alsoAllowedPrincipalArns ?? []),
  ];
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheJanitorWritesJanitorTags',
        Effect: 'Deny',
        Action: janitorTagActions(types),
        Resource: '*',
        Condition: {
          'ForAnyValue:StringLike': { 'aws:TagKeys': ['janitor:*'] },
          ArnNotLike: { 'aws:PrincipalArn': [...new Set(allowed)] },
        },
      },
    ],
  };
}

/** The SCP for a janitor configuration: its stack's roles and its member role names, every registered type's tag actions. */
export function janitorScpFor(
  types: readonly ResourceType[],
  config: { readonly targets: { readonly memberRoleName: string; readonly keepMemberRoleName: string } },
  stackName: string,
  janitorAccountId?: string,
  alsoAllowedPrincipalArns: readonly string[] = [],
): Record<string, unknown> {
  const names = janitorRoleNames(stackName);
  return janitorScp(types, {
    janitorRoleNames: [names.sweep, names.keep],
    janitorAccountId,
    memberRoleNames: [config.targets.memberRoleName, config.targets.keepMemberRoleName],
    alsoAllowedPrincipalArns,
  });
}
