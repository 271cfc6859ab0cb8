import type { FakeCommand, FakeService } from '../fake-account';
import { type LegacyRoute, legacyClientOf } from './legacy-clients';
import { operationSchemas } from './wire';

/**
 * restJson1 and restXml routing: each faked command's `http` trait (method, path template) from the
 * SDK's schema. An `httpLabel` member the template lacks is bound by the endpoint rules instead:
 * S3's `Bucket`, which a client with a custom IP endpoint sends path-style, as the first segment.
 */

export interface RestRoute {
  readonly operation: string;
  readonly method: string;
  /** Literal segments as strings, labels as `{ label, greedy }`. */
  readonly segments: (string | { label: string; greedy: boolean })[];
  /** Literal query keys (and values) the template demands, e.g. `?versioning`. */
  readonly query: [string, string | undefined][];
  readonly service: string;
  /** A client without schemas: its route from `legacy-clients.ts`, which also reads its input. */
  readonly legacy?: LegacyRoute;
}

function segmentsOf(path: string): RestRoute['segments'] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([^}+]+)(\+?)\}$/.exec(s);
      return m ? { label: m[1]!, greedy: m[2] === '+' } : s;
    });
}

export function routesOf(fake: FakeService): RestRoute[] {
  const legacy = legacyClientOf(fake.client)?.routes;
  if (legacy) {
    return [...fake.commands.keys()].flatMap((operation) => {
      const route = legacy[operation];
      return route
        ? [{ operation, method: route.method, segments: segmentsOf(route.path), query: [], service: fake.service, legacy: route }]
        : [];
    });
  }
  const routes: RestRoute[] = [];
  for (const [operation, entry] of fake.commands) {
    const { http } = operationSchemas(entry.command);
    if (!http) continue;
    const [method, template] = http;
    const [path = '', queryText] = template.split('?');
    const segments = segmentsOf(path);
    segments.unshift(...endpointLabels(entry.command, segments));
    const query = (queryText ?? '')
      .split('&')
      .filter(Boolean)
      .map((q): [string, string | undefined] => {
        const [k, v] = q.split('=');
        return [k!, v];
      });
    routes.push({ operation, method, segments, query, service: fake.service });
  }
  return routes;
}

/** Labels of the input the path template does not place: path-style segments before it. */
function endpointLabels(command: FakeCommand['command'], segments: RestRoute['segments']): RestRoute['segments'] {
  const placed = new Set(segments.flatMap((s) => (typeof s === 'string' ? [] : [s.label])));
  const labels: RestRoute['segments'] = [];
  for (const [name, member] of operationSchemas(command).input.structIterator()) {
    if (member.getMergedTraits().httpLabel !== undefined && !placed.has(name)) labels.push({ label: name, greedy: false });
  }
  return labels;
}

function matchPath(route: RestRoute, parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (let j = 0; j < route.segments.length; j += 1) {
    const seg = route.segments[j]!;
    if (typeof seg === 'string') {
      if (parts[i] !== seg) return undefined;
      i += 1;
    } else if (seg.greedy) {
      const rest = route.segments.length - j - 1;
      const take = parts.length - i - rest;
      if (take < 1) return undefined;
      labels[seg.label] = parts
        .slice(i, i + take)
        .map(decodeURIComponent)
        .join('/');
      i += take;
    } else {
      if (parts[i] === undefined || parts[i] === '') return undefined;
      labels[seg.label] = decodeURIComponent(parts[i]!);
      i += 1;
    }
  }
  return i === parts.length ? labels : undefined;
}

/**
 * The most specific route (most literal segments and query keys) matching the request, a route of
 * the signing service first (so another service's more literal path never takes its request).
 */
export function matchRoute<T extends { route: RestRoute }>(
  candidates: readonly T[],
  method: string,
  url: URL,
  signingService: string,
): (T & { labels: Record<string, string> }) | undefined {
  const parts = url.pathname.split('/').filter((s) => s !== '');
  let best: (T & { labels: Record<string, string> }) | undefined;
  let bestScore = -1;
  for (const c of candidates) {
    if (c.route.method !== method) continue;
    if (!c.route.query.every(([k, v]) => url.searchParams.has(k) && (v === undefined || url.searchParams.get(k) === v))) continue;
    const labels = matchPath(c.route, parts);
    if (!labels) continue;
    const score =
      c.route.segments.filter((s) => typeof s === 'string').length * 10 +
      c.route.query.length * 5 +
      (c.route.service === signingService ? 1000 : 0);
    if (score > bestScore) {
      best = { ...c, labels };
      bestScore = score;
    }
  }
  return best;
}
