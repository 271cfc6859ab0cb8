import type { InitializeHandler, InitializeHandlerArguments, MiddlewareStack } from '@smithy/types';
import { AwsClients } from '../aws/clients';

/** A command that could change something was about to go out through a read-only client set. */
export class ReadOnlyViolation extends Error {
  override readonly name = 'ReadOnlyViolation';
  constructor(readonly commandName: string) {
    super(`${commandName} is not a read-only call; janitor plan never writes, so it was not sent`);
  }
}

/** Describe*, List*, Get* only (the tagging API's GetResources included). Names with or without the `Command` suffix. */
export function isReadOnlyCommand(commandName: string): boolean {
  return /^(Describe|List|Get)[A-Z]/.test(commandName.replace(/Command$/, ''));
}

export function assertReadOnly(commandName: string | undefined): void {
  if (!commandName || !isReadOnlyCommand(commandName)) throw new ReadOnlyViolation(commandName ?? '(unnamed command)');
}

const MIDDLEWARE_NAME = 'janitorReadOnlyGuard';

export const readOnlyGuardOptions = { step: 'initialize', name: MIDDLEWARE_NAME, priority: 'high' } as const;

/** Initialize-step middleware: runs before serialization, signing and sending, so a write never leaves the process. */
export const readOnlyGuard =
  <Input extends object, Output extends object>(next: InitializeHandler<Input, Output>, context: { commandName?: string }) =>
  async (args: InitializeHandlerArguments<Input>) => {
    assertReadOnly(context.commandName);
    return next(args);
  };

interface GuardableClient {
  middlewareStack: MiddlewareStack<any, any>;
  send: (command: any, ...rest: any[]) => Promise<any>;
}

/**
 * The same lazily created clients as `AwsClients`, each refusing every command that is not
 * Describe/List/Get. Enforced twice: by middleware on the client's stack (before anything is
 * serialized or sent) and by a check in front of the instance's `send`, which also holds when
 * tests replace the SDK's `send` with an in-memory fake.
 */
export class ReadOnlyAwsClients extends AwsClients {
  private readonly guarded = new WeakSet<object>();

  override get<T>(clientClass: new (config: any) => T): T {
    const client = super.get(clientClass) as T & GuardableClient;
    if (!this.guarded.has(client)) {
      client.middlewareStack.add(readOnlyGuard as any, readOnlyGuardOptions);
      const send = client.send;
      client.send = function guardedSend(this: unknown, command: any, ...rest: any[]) {
        try {
          assertReadOnly(command?.constructor?.name);
        } catch (error) {
          return Promise.reject(error);
        }
        return send.call(client, command, ...rest);
      };
      this.guarded.add(client);
    }
    return client;
  }
}
