/**
 * What the bench sees of a run without changing it: the plug-ins and the notifier it is handed,
 * each wrapped to note when the run's phases begin and end, and which type made which SDK call.
 * The wrappers only time and count; every call still goes to the plug-in's own code and the
 * run's own (shared) SDK clients.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { AwsClients } from '../lambda/aws/clients';
import type { Notifier, RunFailure, RunReport, Warning } from '../lambda/core/report';
import type { ResourceType } from '../lambda/resources/resource-type';
import { clockMs } from './settings';

/** The moments the phases start (bench/phases.ts orders them). */
export type Mark = 'start' | 'discovery' | 'completion' | 'warning' | 'warned' | 'report' | 'end';

/** A type's listing or completion: when it ran and its SDK calls by command (`ListClusters`). */
export interface TypeSpan {
  start: number;
  end: number;
  readonly calls: Record<string, number>;
  /** Resources handed to `complete`. */
  candidates?: number;
}

export type TypeStage = 'listing' | 'completion';

export class RunProbe {
  readonly marks: Partial<Record<Mark, number>> = {};
  /** This thread's event-loop use so far, at each mark. */
  readonly loads: Partial<Record<Mark, EventLoopUtilization>> = {};
  readonly spans: Record<TypeStage, Record<string, TypeSpan>> = { listing: {}, completion: {} };
  /** Per span, each SDK client's counting proxy. */
  private readonly proxies = new WeakMap<TypeSpan, Map<object, unknown>>();

  /** The first time only: a phase starts once. */
  mark(mark: Mark): void {
    if (this.marks[mark] !== undefined) return;
    this.marks[mark] = clockMs();
    this.loads[mark] = performance.eventLoopUtilization();
  }

  /** The plug-ins, each listing and completing through a view of the run's clients that counts its calls. */
  types(types: readonly ResourceType[]): ResourceType[] {
    return types.map((type) => {
      const probe = this;
      const wrapped: ResourceType = {
        ...type,
        async *list(clients) {
          probe.mark('discovery');
          const span = probe.open('listing', type.id);
          try {
            yield* type.list.call(type, probe.view(clients, span));
          } finally {
            span.end = clockMs();
          }
        },
      };
      if (!type.complete) return wrapped;
      return {
        ...wrapped,
        async complete(clients, resources) {
          probe.mark('completion');
          const span = probe.open('completion', type.id);
          span.candidates = resources.length;
          try {
            return await type.complete!.call(type, probe.view(clients, span), resources);
          } finally {
            span.end = clockMs();
          }
        },
      };
    });
  }

  /** The notifier, its warning and report timed. */
  notifier(inner: Notifier): Notifier {
    const probe = this;
    return {
      async postWarning(warning: Warning) {
        probe.mark('warning');
        try {
          return await inner.postWarning(warning);
        } finally {
          probe.mark('warned');
        }
      },
      async postReport(report: RunReport) {
        probe.mark('report');
        await inner.postReport(report);
      },
      postFailure: (failure: RunFailure) => inner.postFailure(failure),
    };
  }

  private open(stage: TypeStage, typeId: string): TypeSpan {
    // A type listed again later in the night (a pre-deletion re-read) keeps its first span.
    const existing = this.spans[stage][typeId];
    if (existing) return existing;
    const span: TypeSpan = { start: clockMs(), end: Number.NaN, calls: {} };
    this.spans[stage][typeId] = span;
    return span;
  }

  /** The run's clients as one type sees them: the same SDK clients, each `send` counted for the type. */
  private view(clients: AwsClients, span: TypeSpan): AwsClients {
    const view = Object.create(clients) as AwsClients;
    view.get = <T>(clientClass: new (config: never) => T): T => this.counted(clients.get(clientClass as never) as T & object, span);
    return view;
  }

  private counted<T extends object>(client: T, span: TypeSpan): T {
    let ofSpan = this.proxies.get(span);
    if (!ofSpan) {
      ofSpan = new Map();
      this.proxies.set(span, ofSpan);
    }
    const known = ofSpan.get(client);
    if (known) return known as T;
    const send = (client as unknown as { send: (command: object, ...rest: unknown[]) => unknown }).send.bind(client);
    const proxy = new Proxy(client, {
      get(target, property) {
        if (property !== 'send') return Reflect.get(target, property);
        return (command: object, ...rest: unknown[]) => {
          const name = command.constructor.name.replace(/Command$/, '');
          span.calls[name] = (span.calls[name] ?? 0) + 1;
          return send(command, ...rest);
        };
      },
    });
    ofSpan.set(client, proxy);
    return proxy;
  }
}
