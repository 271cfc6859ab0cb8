import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Slack Web API for tests: a real `WebClient` talks HTTP to it via `slackApiUrl`, so
 * serialisation, auth headers, error mapping and retries are the library's own. It enforces the
 * Block Kit limits the janitor relies on, as Slack would, so an oversized message fails here too.
 */

export interface PostedMessage {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** The parsed request: `channel`, `text`, `thread_ts`, ...; `blocks` parsed from JSON when sent as a string. */
  body: Record<string, any> & { channel?: string; text?: string; blocks?: any[]; thread_ts?: string };
  /** Bearer token from the Authorization header (or a `token` field in the body). */
  token?: string;
  /** The ts the server answered with; undefined when the call was failed on purpose. */
  ts?: string;
}

export type SlackFailure = { error: string } | { status: number; retryAfter?: number };

export interface SlackServer {
  /** Ends with `/api/`: pass as `slackApiUrl`. */
  url: string;
  /** Every call received, failed or not, in arrival order. */
  posts: PostedMessage[];
  /** The next `times` calls (default 1) fail this way. */
  failNext(kind: SlackFailure, times?: number): void;
  close(): Promise<void>;
}

/** Slack's own limits (not the janitor's stricter ones). */
const SLACK_MAX_BLOCKS = 50;
const SLACK_MAX_SECTION_TEXT = 3_000;
const SLACK_MAX_HEADER_TEXT = 150;

const RECORDED_METHODS = new Set(['chat.postMessage', 'chat.update']);

export async function startSlackServer(): Promise<SlackServer> {
  const posts: PostedMessage[] = [];
  const failures: { kind: SlackFailure; remaining: number }[] = [];
  let tsCounter = 0;
  const tsBase = Math.floor(Date.now() / 1000);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      respond(res, 500, { ok: false, error: `fake_slack_error: ${String(error)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const body = parseBody(await readBody(req), req.headers['content-type']);
    const authorization = req.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : (body.token as string | undefined);
    const posted: PostedMessage = { method, body, token };
    posts.push(posted);

    const failure = failures.find((f) => f.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      const kind = failure.kind;
      if ('error' in kind) return respond(res, 200, { ok: false, error: kind.error });
      const headers: Record<string, string> = kind.retryAfter !== undefined ? { 'Retry-After': String(kind.retryAfter) } : {};
      return respond(res, kind.status, { ok: false, error: kind.status === 429 ? 'ratelimited' : 'fatal_error' }, headers);
    }

    if (!RECORDED_METHODS.has(method)) return respond(res, 200, { ok: false, error: 'unknown_method' });
    if (!token) return respond(res, 200, { ok: false, error: 'not_authed' });
    if (!body.channel) return respond(res, 200, { ok: false, error: 'channel_not_found' });
    if (!body.text && !body.blocks) return respond(res, 200, { ok: false, error: 'no_text' });
    const blockProblem = body.blocks ? invalidBlocks(body.blocks) : undefined;
    if (blockProblem) {
      return respond(res, 200, { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${blockProblem}`] } });
    }

    tsCounter += 1;
    const ts = method === 'chat.update' && body.ts ? String(body.ts) : `${tsBase}.${String(tsCounter).padStart(6, '0')}`;
    posted.ts = ts;
    return respond(res, 200, { ok: true, channel: body.channel, ts, message: { text: body.text, ts } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    posts,
    failNext(kind, times = 1) {
      failures.push({ kind, remaining: times });
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
    },
  };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** WebClient sends form-encoded bodies with objects as JSON strings; other clients send JSON. */
export function parseBody(raw: string, contentType: string | undefined): PostedMessage['body'] {
  let body: Record<string, any>;
  if (contentType?.includes('application/json')) {
    body = raw ? JSON.parse(raw) : {};
  } else {
    body = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const key of ['blocks', 'attachments', 'metadata']) {
    if (typeof body[key] === 'string') body[key] = JSON.parse(body[key]);
  }
  return body;
}

function invalidBlocks(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > SLACK_MAX_BLOCKS) return `no more than ${SLACK_MAX_BLOCKS} items allowed [json-pointer:/blocks]`;
  for (const [index, block] of blocks.entries()) {
    const text: unknown = block?.text?.text;
    if (block?.type === 'header' && typeof text === 'string' && text.length > SLACK_MAX_HEADER_TEXT) {
      return `must be less than ${SLACK_MAX_HEADER_TEXT + 1} characters [json-pointer:/blocks/${index}/text]`;
    }
    if (block?.type === 'section' && typeof text === 'string' && text.length > SLACK_MAX_SECTION_TEXT) {
      return `must be less than ${SLACK_MAX_SECTION_TEXT + 1} characters [json-pointer:/blocks/${index}/text]`;
    }
  }
  return undefined;
}

export function respond(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(payload));
}
