// biome-ignore-all lint/suspicious/noExplicitAny: the guard wraps any SDK client, whose middleware and command types differ.
import type { InitializeHandler, InitializeHandlerArguments, MiddlewareStack } from '@smithy/types';
import { AwsClients, type AwsTarget } from '../aws/clients';

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

/** Checks one command (by name, with its input) before it goes out; throws to refuse it. */
export type CommandGuard = (commandName: string | undefined, input: unknown) => void;

const MIDDLEWARE_NAME = 'janitorCommandGuard';

export const guardOptions = { step: 'initialize', name: MIDDLEWARE_NAME, priority: 'high' } as const;

/** Initialize-step middleware: runs before serialization, signing and sending, so a refused call never leaves the process. */
const guardMiddleware =
  (guard: CommandGuard) =>
  <Input extends object, Output extends object>(next: InitializeHandler<Input, Output>, context: { commandName?: string }) =>
  async (args: InitializeHandlerArguments<Input>) => {
    guard(context.commandName, args.input);
    return next(args);
  };

interface GuardableClient {
  middlewareStack: MiddlewareStack<any, any>;
  send: (command: any, ...rest: any[]) => Promise<any>;
}

type ClientClass<T> = new (config: any) => T;

/**
 * The same lazily created clients as `AwsClients`, each checking every command with the guard
 * for its client class. Enforced twice: by middleware on the client's stack (before anything is
 * serialized or sent) and by a check in front of the instance's `send`, which also holds when
 * tests replace the SDK's `send` with an in-memory fake.
 */
export class GuardedAwsClients extends AwsClients {
  private readonly guarded = new WeakSet<object>();

  constructor(
    target: AwsTarget,
    private readonly guardFor: (clientClass: ClientClass<unknown>) => CommandGuard,
  ) {
    super(target);
  }

  override get<T>(clientClass: ClientClass<T>): T {
    const client = super.get(clientClass) as T & GuardableClient;
    if (!this.guarded.has(client)) {
      const guard = this.guardFor(clientClass);
      client.middlewareStack.add(guardMiddleware(guard) as any, guardOptions);
      const send = client.send;
      client.send = function guardedSend(this: unknown, command: any, ...rest: any[]) {
        try {
          guard(command?.constructor?.name, command?.input);
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

/** Every client refuses every command that is not Describe/List/Get. */
export class ReadOnlyAwsClients extends GuardedAwsClients {
  constructor(target: AwsTarget) {
    super(target, () => assertReadOnly);
  }
}
