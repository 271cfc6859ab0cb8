import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeAccount, FakeCommand, FakeService } from '../fake-account';
import { type ModeledError, modeledErrors, wireErrorOf } from './error-codes';
import { inputFromHttp } from './http-bindings';
import { legacyRestInput } from './legacy-clients';
import { listenOnLoopback } from './loopback-server';
import { type ClientProtocol, type Protocol, protocolOf } from './protocols';
import { parseQueryBody, type QueryFlavor, queryInput } from './query-protocol';
import { type ErrorAnswer, errorResponse, type OperationSchemas, successResponse, type WireResponse } from './responses';
import { JSON_BODY } from './rest-json';
import { matchRoute, type RestRoute, routesOf } from './rest-routes';
import { XML_BODY } from './rest-xml';
import { Throttle, type ThrottlingOptions, throttleErrorFor } from './throttle';
import { fromWire, operationSchemas } from './wire';

export { type Protocol, protocolOf } from './protocols';

/**
 * A fake AWS endpoint on loopback: real SDK clients, real HTTP, SigV4-signed requests. It serves
 * the in-memory fakes (`fakeServicesOf(account)`) without mocking anything: a request is parsed in
 * its service's wire protocol, dispatched to `commands.get(Operation).run(input, region)`, and the
 * handler's answer is serialized back, shaped by the SDK's own schemas. Nothing is written per
 * service or operation.
 *
 * Served protocols, told apart by the request:
 * - awsJson1_0 / awsJson1_1, by `X-Amz-Target` (tagging API, DynamoDB, CloudWatch Logs, SQS, Kinesis,
 *   KMS, Secrets Manager, Step Functions, ECS, ECR, SageMaker, Organizations, CloudTrail);
 * - awsQuery / ec2Query, a form-encoded POST naming `Action` and `Version` (SNS, RDS, ELBv2,
 *   Auto Scaling, ElastiCache, STS; EC2), see `query-protocol.ts`;
 * - restJson1 / restXml, by method, path and query (Lambda, EFS, OpenSearch, API Gateway v1 and v2;
 *   S3, path-style), see `rest-routes.ts`, `http-bindings.ts`, `rest-xml.ts`.
 * Clients older than the schema-based serde (MWAA, Route 53 Resolver) are served from the table in
 * `legacy-clients.ts`. Anything else gets an `UnknownOperationException` (or the query protocols' `InvalidAction`).
 *
 * Region and service come from the `Authorization` header's credential scope; the account is the
 * one whose STS-issued access key signed the call, else the first one served. A fake's error goes
 * back with the code and HTTP status the SDK's error schemas give it (`error-codes.ts`).
 */

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

interface Served extends ClientProtocol {
  readonly fake: FakeService;
  readonly routes: RestRoute[];
  /** The client's modeled errors by exception name and query code (see `error-codes.ts`). */
  readonly errors: Map<string, ModeledError>;
}

const schemaCache = new WeakMap<object, OperationSchemas>();
function schemasOf(entry: FakeCommand): OperationSchemas {
  let schemas = schemaCache.get(entry.command);
  if (!schemas) {
    schemas = operationSchemas(entry.command);
    schemaCache.set(entry.command, schemas);
  }
  return schemas;
}

const REST: readonly Protocol[] = ['restJson1', 'restXml'];
const QUERY: readonly Protocol[] = ['awsQuery', 'ec2Query'];

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

function send(res: ServerResponse, response: WireResponse): void {
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

/** The SigV4 credential scope of the `Authorization` header: access key, region, service. */
function credentialScope(req: IncomingMessage): [string, string, string] | undefined {
  const scope = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(req.headers.authorization ?? '');
  // All three groups are required by the pattern.
  return scope ? (scope.slice(1, 4) as [string, string, string]) : undefined;
}

const isForm = (req: IncomingMessage): boolean =>
  req.method === 'POST' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** A fake's error (or a plain Error, a bug in a fake) as the error answer its protocol sends. */
function errorAnswerOf(error: unknown, served: Served): ErrorAnswer {
  const e = error as Error & { $metadata?: { httpStatusCode?: number }; Code?: string; Type?: 'Sender' | 'Receiver' };
  // A plain Error is a bug in a fake, not an AWS error: a 400 with its own name, so the SDK does not retry it.
  const name = e.name && e.name !== 'Error' ? e.name : 'FakeInternalError';
  const { code, status } = wireErrorOf({ name, Code: e.Code, $metadata: e.$metadata }, served.errors, QUERY.includes(served.protocol));
  const queryError = e.Code ? `${e.Code};${e.Type ?? 'Sender'}` : undefined;
  return { status, name, code, message: e.message, type: e.Type, queryError };
}

interface Dispatch {
  readonly served: Served;
  readonly operation: string;
  readonly entry: FakeCommand;
  readonly input: unknown;
}

/** Which fake and operation a request is for, and its input, by the protocol it was sent in. */
class Dispatcher {
  private readonly served: Served[];
  private readonly accounts: FakeAccount[];

  constructor(services: readonly FakeService[]) {
    this.served = services.map((fake) => {
      const protocol = protocolOf(fake);
      const routes = REST.includes(protocol.protocol) ? routesOf(fake) : [];
      return { ...protocol, fake, routes, errors: modeledErrors(protocol.errorRegistries) };
    });
    this.accounts = [...new Set(this.served.map((s) => s.fake.account))];
  }

  /** The account whose STS-issued key signed the call, else the first one served. */
  accountFor(accessKeyId: string): FakeAccount {
    return this.accounts.find((a) => a.accessKeys.has(accessKeyId)) ?? this.accounts[0]!;
  }

  /** For an error before dispatch: the protocol the request was sent in, as far as it tells. */
  protocolGuess(req: IncomingMessage, signingService?: string): Pick<Served, 'protocol' | 'xmlns'> {
    if (typeof req.headers['x-amz-target'] === 'string') return { protocol: 'awsJson1_1' };
    const family = isForm(req) ? QUERY : REST;
    return this.served.find((x) => x.fake.service === signingService && family.includes(x.protocol)) ?? { protocol: family[0]! };
  }

  dispatch(account: FakeAccount, signingService: string, req: IncomingMessage, body: Buffer): Dispatch {
    const targetHeader = req.headers['x-amz-target'];
    if (typeof targetHeader === 'string') return this.json(account, targetHeader, body);
    if (isForm(req)) return this.query(account, body);
    return this.rest(account, signingService, req, body);
  }

  private json(account: FakeAccount, targetHeader: string, body: Buffer): Dispatch {
    const dot = targetHeader.lastIndexOf('.');
    const prefix = targetHeader.slice(0, dot);
    const operation = targetHeader.slice(dot + 1);
    const s = this.served.find((x) => x.fake.account === account && x.target === prefix && x.fake.commands.has(operation));
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

  private query(account: FakeAccount, body: Buffer): Dispatch {
    const request = parseQueryBody(body);
    if (!request) throw new HttpError(400, 'MissingAction', 'a query request names its Action and Version');
    const { action, version, params } = request;
    const s = this.served.find(
      (x) => x.fake.account === account && QUERY.includes(x.protocol) && x.version === version && x.fake.commands.has(action),
    );
    if (!s) throw new HttpError(400, 'InvalidAction', `${action} (version ${version}) is not served by the fake endpoint`);
    const entry = s.fake.commands.get(action)!;
    return { served: s, operation: action, entry, input: queryInput(params, schemasOf(entry).input, s.protocol as QueryFlavor) };
  }

  private rest(account: FakeAccount, signingService: string, req: IncomingMessage, body: Buffer): Dispatch {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const candidates = this.served
      .filter((s) => s.fake.account === account && REST.includes(s.protocol))
      .flatMap((s) => s.routes.map((route) => ({ route, s })));
    const match = matchRoute(candidates, req.method ?? 'GET', url, signingService);
    if (!match) throw new HttpError(404, 'UnknownOperationException', `${req.method} ${url.pathname} is not served by the fake endpoint`);
    const { route, s, labels } = match;
    const entry = s.fake.commands.get(route.operation)!;
    const codec = s.protocol === 'restXml' ? XML_BODY : JSON_BODY;
    const input = route.legacy
      ? legacyRestInput(route.legacy, url, labels, body)
      : inputFromHttp(schemasOf(entry).input, { url, headers: req.headers, labels, body }, codec);
    return { served: s, operation: route.operation, entry, input };
  }
}

/** One request: authenticate, dispatch, throttle, run the fake, answer in the request's protocol. */
class RequestHandler {
  private readonly throttle?: Throttle;
  private readonly latencyMs: number;

  constructor(
    private readonly options: AwsHttpEndpointOptions,
    private readonly dispatcher: Dispatcher,
    readonly stats: EndpointStats,
  ) {
    this.throttle = options.throttling === false ? undefined : new Throttle(options.throttling);
    this.latencyMs = options.latencyMs ?? 0;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const body = await readBody(req);
    const scope = credentialScope(req);
    if (!scope) {
      const e = { status: 403, name: 'MissingAuthenticationTokenException', message: 'Missing SigV4 Authorization header' };
      send(res, errorResponse(this.dispatcher.protocolGuess(req), { ...e, code: e.name }, requestId));
      return;
    }
    const [accessKeyId, region, signingService] = scope;
    let d: Dispatch;
    try {
      d = this.dispatcher.dispatch(this.dispatcher.accountFor(accessKeyId), signingService, req, body);
    } catch (error) {
      send(res, await this.unserved(req, signingService, error, requestId));
      return;
    }
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    send(res, await this.answer(d, region, requestId));
  }

  private async unserved(req: IncomingMessage, signingService: string, error: unknown, requestId: string): Promise<WireResponse> {
    const e = error instanceof HttpError ? error : new HttpError(400, 'SerializationException', (error as Error).message);
    const target = req.headers['x-amz-target'];
    EndpointStats.bump(this.stats.unserved, `${signingService}:${typeof target === 'string' ? target : `${req.method} ${req.url}`}`);
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const answer = { status: e.status, name: e.name, code: e.name, message: e.message };
    return errorResponse(this.dispatcher.protocolGuess(req, signingService), answer, requestId);
  }

  private async answer(d: Dispatch, region: string, requestId: string): Promise<WireResponse> {
    const service = d.served.fake.service;
    const key = `${service}:${d.operation}`;
    if (this.throttle && !this.throttle.admit(region, service, d.operation)) {
      EndpointStats.bump(this.stats.throttled, key);
      this.options.observer?.(key, 'throttled');
      const t = throttleErrorFor(service, d.served.protocol);
      return errorResponse(d.served, { status: t.status, name: t.name, code: t.name, message: t.message }, requestId);
    }
    EndpointStats.bump(this.stats.calls, key);
    this.options.observer?.(key, 'served');
    let output: unknown;
    try {
      output = await this.run(d, key, region);
    } catch (error) {
      const answer = errorAnswerOf(error, d.served);
      EndpointStats.bump(this.stats.errors, `${key}:${answer.name}`);
      this.options.observer?.(key, 'error');
      return errorResponse(d.served, answer, requestId);
    }
    return successResponse({ ...d.served, operation: d.operation }, schemasOf(d.entry), output, requestId);
  }

  /** Runs the handler with the operation's page size in force. */
  private run(d: Dispatch, key: string, region: string): Promise<unknown> {
    const pageSize = this.options.pageSizes?.[key] ?? this.options.pageSizes?.[d.operation];
    const account = d.served.fake.account;
    const previous = account.defaultPageSize;
    if (pageSize !== undefined) account.defaultPageSize = pageSize;
    try {
      // The fakes' handlers are synchronous: the page size is read before `run` returns its promise.
      return d.entry.run(d.input, region);
    } finally {
      account.defaultPageSize = previous;
    }
  }
}

export async function startAwsHttpEndpoint(options: AwsHttpEndpointOptions): Promise<AwsHttpEndpoint> {
  const stats = new EndpointStats();
  const handler = new RequestHandler(options, new Dispatcher(options.services), stats);
  const server = await listenOnLoopback((req, res) => {
    handler.handle(req, res).catch((error) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalFailure' });
        res.end(JSON.stringify({ message: String(error) }));
      }
    });
  });
  return { url: `http://127.0.0.1:${server.port}`, stats, close: () => server.close() };
}

/** Static credentials for clients pointed at the fake endpoint (the fake checks the scope, not the signature). */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDFAKEENDPOINT', secretAccessKey: 'fake-secret-access-key' } as const;
