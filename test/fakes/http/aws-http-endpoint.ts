import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import type { FakeAccount, FakeCommand, FakeService } from '../fake-account';
import { matchRoute, type RestRoute, routesOf } from './rest-routes';
import { Throttle, type ThrottlingOptions, throttleErrorFor } from './throttle';
import { fromWire, headerValue, operationSchemas, type Schema, scalarFromText, toWire } from './wire';

/**
 * A fake AWS endpoint on loopback: real SDK clients, real HTTP, SigV4-signed requests. It serves
 * the in-memory fakes (`fakeServicesOf(account)`) without mocking anything: a request is parsed in
 * its service's wire protocol, dispatched to `commands.get(Operation).run(input, region)`, and the
 * handler's answer is serialized back, shaped by the SDK's own schemas.
 *
 * Served protocols: awsJson1_0 / awsJson1_1 (`X-Amz-Target`: tagging API, DynamoDB, CloudWatch Logs,
 * SQS, Kinesis, KMS, Secrets Manager, Step Functions, ECS, ECR, SageMaker) and restJson1 (routes by
 * method and path: Lambda, EFS, OpenSearch, API Gateway, API Gateway v2). Not served: the query and
 * XML protocols (EC2, S3, SNS, RDS, ELBv2, Auto Scaling, ElastiCache, STS); a call to them gets an
 * `UnknownOperationException` (HTTP 400).
 *
 * Region and service come from the `Authorization` header's credential scope; the account is the
 * one whose STS-issued access key signed the call, else the first one served.
 */

export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'restJson1' | 'unsupported';

export interface AwsHttpEndpointOptions {
  /** The fakes to serve, e.g. `fakeServicesOf(account)` (several accounts: concatenate). */
  readonly services: readonly FakeService[];
  /** Fixed artificial delay before each answer, throttled ones included. Default 0. */
  readonly latencyMs?: number;
  /** Token buckets per (region, service, operation); `false` turns throttling off. Default: documented rates. */
  readonly throttling?: ThrottlingOptions | false;
  /**
   * The account's `defaultPageSize` while one operation runs, by `Operation` or `service:Operation`
   * (e.g. `{ ListTables: 100 }`): the fakes cap their pages at it, so a benchmark can use each
   * API's real maximum while unit tests keep small pages.
   */
  readonly pageSizes?: Readonly<Record<string, number>>;
  /** Sees every request as it is answered, by `service:Operation` (a benchmark times its phases with it). */
  readonly observer?: (key: string, outcome: 'served' | 'throttled' | 'error') => void;
}

export interface AwsHttpEndpoint {
  /** `http://127.0.0.1:PORT`, for `AwsTarget.endpoint` / a client's `endpoint`. */
  readonly url: string;
  readonly stats: EndpointStats;
  close(): Promise<void>;
}

/** Counts by `service:Operation` (service as the fakes name it: `tagging`, `dynamodb`, `logs`, ...). */
export class EndpointStats {
  /** Requests that reached a fake (throttled ones not included). */
  readonly calls = new Map<string, number>();
  /** Requests answered with the throttling error. */
  readonly throttled = new Map<string, number>();
  /** Requests answered with an AWS error by a fake, by `service:Operation:ErrorName`. */
  readonly errors = new Map<string, number>();
  /** Requests for a protocol or operation not served. */
  readonly unserved = new Map<string, number>();

  static bump(map: Map<string, number>, key: string): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  totalThrottled(): number {
    return [...this.throttled.values()].reduce((a, b) => a + b, 0);
  }

  reset(): void {
    this.calls.clear();
    this.throttled.clear();
    this.errors.clear();
    this.unserved.clear();
  }
}

interface Served {
  readonly fake: FakeService;
  readonly protocol: Protocol;
  /** awsJson: the `X-Amz-Target` prefix, e.g. `DynamoDB_20120810`. */
  readonly target?: string;
  readonly routes: RestRoute[];
}

const schemaCache = new WeakMap<object, ReturnType<typeof operationSchemas>>();
function schemasOf(entry: FakeCommand): ReturnType<typeof operationSchemas> {
  let schemas = schemaCache.get(entry.command);
  if (!schemas) {
    schemas = operationSchemas(entry.command);
    schemaCache.set(entry.command, schemas);
  }
  return schemas;
}

/** The wire protocol of a faked client, read from an SDK client instance's configuration. */
export function protocolOf(fake: FakeService): { protocol: Protocol; target?: string } {
  const client = new fake.client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } });
  try {
    const protocol = client.config.protocol;
    const name: string = protocol?.constructor?.name ?? '';
    const target: string | undefined = protocol?.serviceTarget ?? protocol?.options?.serviceTarget;
    if (name === 'AwsJson1_0Protocol') return { protocol: 'awsJson1_0', target };
    if (name === 'AwsJson1_1Protocol') return { protocol: 'awsJson1_1', target };
    if (name === 'AwsRestJsonProtocol') return { protocol: 'restJson1' };
    return { protocol: 'unsupported' };
  } finally {
    client.destroy?.();
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    name: string,
    message: string,
  ) {
    super(message);
    this.name = name;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Dispatch {
  readonly served: Served;
  readonly operation: string;
  readonly entry: FakeCommand;
  readonly input: unknown;
}

export async function startAwsHttpEndpoint(options: AwsHttpEndpointOptions): Promise<AwsHttpEndpoint> {
  const latencyMs = options.latencyMs ?? 0;
  const throttle = options.throttling === false ? undefined : new Throttle(options.throttling);
  const stats = new EndpointStats();
  const served: Served[] = options.services.map((fake) => {
    const { protocol, target } = protocolOf(fake);
    return { fake, protocol, target, routes: protocol === 'restJson1' ? routesOf(fake) : [] };
  });
  const accounts = [...new Set(served.map((s) => s.fake.account))];

  const accountFor = (accessKeyId: string): FakeAccount => accounts.find((a) => a.accessKeys.has(accessKeyId)) ?? accounts[0]!;

  function dispatchJson(account: FakeAccount, targetHeader: string, body: Buffer): Dispatch {
    const dot = targetHeader.lastIndexOf('.');
    const prefix = targetHeader.slice(0, dot);
    const operation = targetHeader.slice(dot + 1);
    const s = served.find((x) => x.fake.account === account && x.target === prefix && x.fake.commands.has(operation));
    if (!s) throw new HttpError(400, 'UnknownOperationException', `${targetHeader} is not served by the fake endpoint`);
    const entry = s.fake.commands.get(operation)!;
    const text = body.toString('utf8');
    let json: unknown;
    try {
      json = text.trim() ? JSON.parse(text) : {};
    } catch {
      throw new HttpError(400, 'SerializationException', 'request body is not JSON');
    }
    return { served: s, operation, entry, input: fromWire(json, schemasOf(entry).input, false) };
  }

  function dispatchRest(account: FakeAccount, signingService: string, req: IncomingMessage, body: Buffer): Dispatch {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const candidates = served.filter((s) => s.fake.account === account && s.protocol === 'restJson1');
    const match = matchRoute(
      candidates.flatMap((s) => s.routes.map((route) => ({ route, s }))),
      req.method ?? 'GET',
      url,
      signingService,
    );
    if (!match) throw new HttpError(404, 'UnknownOperationException', `${req.method} ${url.pathname} is not served by the fake endpoint`);
    const { route, s, labels } = match;
    const entry = s.fake.commands.get(route.operation)!;
    const schema = schemasOf(entry).input;
    const input: Record<string, unknown> = {};
    let bodyMembers = false;
    for (const [name, member] of schema.structIterator()) {
      const traits = member.getMergedTraits();
      if (traits.httpLabel !== undefined) {
        if (labels[name] !== undefined) input[name] = scalarFromText(labels[name], member);
      } else if (traits.httpQuery !== undefined) {
        const key = traits.httpQuery as string;
        if (member.isListSchema()) {
          const all = url.searchParams.getAll(key);
          if (all.length > 0) input[name] = all.map((v) => scalarFromText(v, member.getValueSchema()));
        } else if (url.searchParams.has(key)) input[name] = scalarFromText(url.searchParams.get(key)!, member);
      } else if (traits.httpHeader !== undefined) {
        const value = req.headers[(traits.httpHeader as string).toLowerCase()];
        if (typeof value === 'string') input[name] = scalarFromText(value, member);
      } else if (traits.httpPayload !== undefined) {
        if (body.length > 0) {
          input[name] =
            member.isStructSchema() || member.isDocumentSchema()
              ? fromWire(JSON.parse(body.toString('utf8')), member, true)
              : body.toString('utf8');
        }
      } else if (traits.httpQueryParams === undefined && traits.httpPrefixHeaders === undefined) {
        bodyMembers = true;
      }
    }
    if (bodyMembers && body.length > 0) {
      const text = body.toString('utf8').trim();
      if (text) Object.assign(input, fromWire(JSON.parse(text), schema, true));
    }
    return { served: s, operation: route.operation, entry, input };
  }

  function writeOutput(res: ServerResponse, d: Dispatch, output: unknown, requestId: string): void {
    const { output: schema, http } = schemasOf(d.entry);
    const value = (output ?? {}) as Record<string, unknown>;
    if (d.served.protocol !== 'restJson1') {
      const body = JSON.stringify(toWire(value, schema, false));
      res.writeHead(200, {
        'content-type': `application/x-amz-json-${d.served.protocol === 'awsJson1_0' ? '1.0' : '1.1'}`,
        'x-amzn-requestid': requestId,
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    let status = http?.[2] ?? 200;
    const headers: Record<string, string | number> = { 'x-amzn-requestid': requestId, 'content-type': 'application/json' };
    const bodyValue: Record<string, unknown> = {};
    let payload: string | undefined;
    const members = schema.isStructSchema() ? schema.getMemberSchemas() : {};
    for (const [name, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const member: Schema | undefined = members[name];
      const traits = member?.getMergedTraits() ?? {};
      if (traits.httpResponseCode !== undefined) status = Number(v);
      else if (traits.httpHeader !== undefined) headers[(traits.httpHeader as string).toLowerCase()] = headerValue(v, member!);
      else if (traits.httpPayload !== undefined) payload = typeof v === 'string' ? v : JSON.stringify(toWire(v, member, true));
      else bodyValue[name] = v;
    }
    const body = payload ?? (status === 204 ? '' : JSON.stringify(toWire(bodyValue, schema, true)));
    headers['content-length'] = Buffer.byteLength(body);
    res.writeHead(status, headers);
    res.end(body);
  }

  function writeError(
    res: ServerResponse,
    protocol: Protocol,
    status: number,
    name: string,
    message: string,
    requestId: string,
    extra: Record<string, string> = {},
  ): void {
    const body = JSON.stringify(protocol === 'restJson1' ? { message } : { __type: name, message });
    res.writeHead(status, {
      'content-type':
        protocol === 'restJson1'
          ? 'application/json'
          : protocol === 'awsJson1_0'
            ? 'application/x-amz-json-1.0'
            : 'application/x-amz-json-1.1',
      'x-amzn-errortype': name,
      'x-amzn-requestid': requestId,
      'content-length': Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const targetHeader = req.headers['x-amz-target'];
    const protocolGuess: Protocol = typeof targetHeader === 'string' ? 'awsJson1_1' : 'restJson1';
    const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
    if (!scope) {
      writeError(res, protocolGuess, 403, 'MissingAuthenticationTokenException', 'Missing SigV4 Authorization header', requestId);
      return;
    }
    // All three groups are required by the pattern.
    const [, accessKeyId, region, signingService] = scope as unknown as [string, string, string, string];
    const account = accountFor(accessKeyId);

    let d: Dispatch;
    try {
      d = typeof targetHeader === 'string' ? dispatchJson(account, targetHeader, body) : dispatchRest(account, signingService, req, body);
    } catch (error) {
      const e = error instanceof HttpError ? error : new HttpError(400, 'SerializationException', (error as Error).message);
      EndpointStats.bump(
        stats.unserved,
        `${signingService}:${typeof targetHeader === 'string' ? targetHeader : `${req.method} ${req.url}`}`,
      );
      if (latencyMs > 0) await sleep(latencyMs);
      writeError(res, protocolGuess, e.status, e.name, e.message, requestId);
      return;
    }

    const service = d.served.fake.service;
    const key = `${service}:${d.operation}`;
    if (latencyMs > 0) await sleep(latencyMs);
    if (throttle && !throttle.admit(region, service, d.operation)) {
      EndpointStats.bump(stats.throttled, key);
      options.observer?.(key, 'throttled');
      const t = throttleErrorFor(service);
      writeError(res, d.served.protocol, t.status, t.name, t.message, requestId);
      return;
    }
    EndpointStats.bump(stats.calls, key);
    options.observer?.(key, 'served');

    let output: unknown;
    try {
      const pageSize = options.pageSizes?.[key] ?? options.pageSizes?.[d.operation];
      const fakeAccount = d.served.fake.account;
      const previous = fakeAccount.defaultPageSize;
      if (pageSize !== undefined) fakeAccount.defaultPageSize = pageSize;
      // The fakes' handlers are synchronous: the page size is read before `run` returns its promise.
      const pending = d.entry.run(d.input, region);
      fakeAccount.defaultPageSize = previous;
      output = await pending;
    } catch (error) {
      const e = error as Error & { $metadata?: { httpStatusCode?: number }; Code?: string; Type?: string };
      // A plain Error is a bug in a fake, not an AWS error: a 400 with its own name, so the SDK does not retry it.
      const name = e.name && e.name !== 'Error' ? e.name : 'FakeInternalError';
      EndpointStats.bump(stats.errors, `${key}:${name}`);
      options.observer?.(key, 'error');
      const extra: Record<string, string> = e.Code ? { 'x-amzn-query-error': `${e.Code};${e.Type ?? 'Sender'}` } : {};
      writeError(res, d.served.protocol, e.$metadata?.httpStatusCode ?? 400, name, e.message, requestId, extra);
      return;
    }
    writeOutput(res, d, output, requestId);
  }

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        res.end(JSON.stringify({ message: String(error) }));
      }
    });
  };
  // Most clients speak HTTP/1.1; the Kinesis client speaks cleartext HTTP/2 with prior knowledge.
  // One port for both: the first bytes of a connection say which server gets it. An HTTP/2 session
  // cannot take over a socket whose first bytes were already read, so those connections are piped
  // to the HTTP/2 server on a second, internal loopback port.
  const http1 = createServer(serve);
  http1.keepAliveTimeout = 60_000;
  const http2 = createHttp2Server((req: Http2ServerRequest, res: Http2ServerResponse) =>
    serve(req as unknown as IncomingMessage, res as unknown as ServerResponse),
  );
  await new Promise<void>((resolve) => http2.listen(0, '127.0.0.1', resolve));
  const http2Port = (http2.address() as AddressInfo).port;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const tcp = createTcpServer((socket) => {
    socket.setNoDelay(true);
    track(socket);
    socket.once('data', (first: Buffer) => {
      if (first.subarray(0, 3).toString('latin1') !== 'PRI') {
        socket.pause();
        socket.unshift(first);
        http1.emit('connection', socket);
        socket.resume();
        return;
      }
      const upstream = connect(http2Port, '127.0.0.1');
      track(upstream);
      upstream.write(first);
      socket.pipe(upstream);
      upstream.pipe(socket);
      upstream.on('close', () => socket.destroy());
      socket.on('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        tcp.close((error) => (error ? reject(error) : resolve()));
        http1.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        http2.close();
      }),
  };
}

/** Static credentials for clients pointed at the fake endpoint (the fake checks the scope, not the signature). */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKEENDPOINT', secretAccessKey: 'fake-secret-access-key' } as const;
