import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { AwsTarget } from '../aws/clients';
import { KEPT_BY_TAG } from '../core/keep-choice';
import { MARK_TAG } from '../core/model';
import { type CommandGuard, GuardedAwsClients, isReadOnlyCommand } from './read-only-clients';

/** Tag keys the janitor writes itself. `janitor:exempt` is not one: the owner sets it, and it stays. */
export const JANITOR_OWN_TAG_KEYS: readonly string[] = [MARK_TAG, KEPT_BY_TAG];

/** A call `janitor unmark` may not make; refused before it was serialized or sent. */
export class UnmarkWriteRefused extends Error {
  override readonly name = 'UnmarkWriteRefused';
  constructor(
    readonly commandName: string,
    reason: string,
  ) {
    super(`${commandName} ${reason}; janitor unmark only reads and removes the janitor's own tags, so it was not sent`);
  }
}

/** The one write each client may send, and the tag keys that write would remove. */
interface PermittedWrite {
  readonly command: string;
  readonly keysRemoved: (input: unknown) => unknown[];
}

const PERMITTED_WRITES = new Map<unknown, PermittedWrite>([
  [ResourceGroupsTaggingAPIClient, { command: 'UntagResources', keysRemoved: (input) => arrayField(input, 'TagKeys') }],
  // Auto Scaling's own DeleteTags, not EC2's or SageMaker's command of the same name: keyed by client class.
  [
    AutoScalingClient,
    { command: 'DeleteTags', keysRemoved: (input) => arrayField(input, 'Tags').map((t) => (t as { Key?: unknown } | undefined)?.Key) },
  ],
]);

/** A command input's list field, or none when the input has no such list. */
function arrayField(input: unknown, field: string): unknown[] {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : undefined;
  return Array.isArray(value) ? value : [];
}

function ownKeysOnly(commandName: string, keys: unknown[]): void {
  if (keys.length === 0) throw new UnmarkWriteRefused(commandName, 'names no tag key to remove');
  const foreign = keys.filter((k) => typeof k !== 'string' || !JANITOR_OWN_TAG_KEYS.includes(k));
  if (foreign.length > 0) {
    const named = foreign.map((k) => JSON.stringify(k)).join(', ');
    throw new UnmarkWriteRefused(
      commandName,
      `would remove tag key(s) ${named}, not the janitor's own (${JANITOR_OWN_TAG_KEYS.join(', ')})`,
    );
  }
}

/** The guard for one client class: reads pass, its one permitted write passes with own keys only. */
export function unmarkGuardFor(clientClass: unknown): CommandGuard {
  const permitted = PERMITTED_WRITES.get(clientClass);
  return (commandName, input) => {
    const name = (commandName ?? '').replace(/Command$/, '');
    if (name !== '' && isReadOnlyCommand(name)) return;
    const label = commandName ?? '(unnamed command)';
    if (!permitted || name !== permitted.command) throw new UnmarkWriteRefused(label, 'is not a permitted write');
    ownKeysOnly(label, permitted.keysRemoved(input));
  };
}

/** The client set `janitor unmark` runs on: read commands, plus removing the janitor's own tag keys. */
export class UnmarkAwsClients extends GuardedAwsClients {
  constructor(target: AwsTarget) {
    super(target, unmarkGuardFor);
  }
}
