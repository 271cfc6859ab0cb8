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

/** A file completed with files.completeUploadExternal: where it was shared and what it held. */
export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  content: string;
  channel?: string;
  thread_ts?: string;
}

export interface SlackServerOptions {
  /**
   * Slack's per-channel rate, enforced: a message posted to a channel sooner than this after the
   * previous one is answered 429 with Retry-After (seconds, rounded up). Default: not enforced.
   */
  readonly perChannelIntervalMs?: number;
  /** The token's scopes: sent as the `x-oauth-scopes` header on every response, as Slack does. Default: no header. */
  readonly scopes?: readonly string[];
  /** Channels conversations.info and conversations.list know. Default: none. */
  readonly channels?: readonly FakeChannel[];
}

/** A channel of the fake workspace, for conversations.info / conversations.list. */
export interface FakeChannel {
  id: string;
  /** Without "#". */
  name: string;
  /** Whether the bot is in it. */
  isMember: boolean;
  isPrivate?: boolean;
  isArchived?: boolean;
}

/** Who auth.test says the token belongs to. */
export const FAKE_TEAM = { id: 'T0FAKETEAM', name: 'Fake Workspace', url: 'https://fake-workspace.slack.com/' };
export const FAKE_BOT = { userId: 'U0FAKEBOT', name: 'janitor', botId: 'B0FAKEBOT' };

export interface SlackServer {
  /** Ends with `/api/`: pass as `slackApiUrl`. */
  url: string;
  /** Every call received, failed or not, in arrival order. */
  posts: PostedMessage[];
  /** Files shared by the files.uploadV2 sequence, in completion order. */
  uploads: UploadedFile[];
  /** Messages answered 429 because the channel's rate was exceeded. */
  rateLimited: number;
  /** The token's scopes (x-oauth-scopes); undefined: no header. Settable. */
  scopes: string[] | undefined;
  /** The workspace's channels; add or change them at any time. */
  channels: FakeChannel[];
  /** The next `times` calls (default 1) fail this way; only calls of `method` when one is named. */
  failNext(kind: SlackFailure, times?: number, method?: string): void;
  close(): Promise<void>;
}

/** Slack's own limits (not the janitor's stricter ones). */
const SLACK_MAX_BLOCKS = 50;
const SLACK_MAX_SECTION_TEXT = 3_000;
const SLACK_MAX_HEADER_TEXT = 150;

const RECORDED_METHODS = new Set(['chat.postMessage', 'chat.update']);
const FILE_METHODS = new Set(['files.getUploadURLExternal', 'files.completeUploadExternal']);
const READ_METHODS = new Set(['auth.test', 'conversations.info', 'conversations.list']);

export async function startSlackServer(options: SlackServerOptions = {}): Promise<SlackServer> {
  const posts: PostedMessage[] = [];
  const uploads: UploadedFile[] = [];
  const pending = new Map<string, { filename: string; length: number; content?: string }>();
  const lastPostAt = new Map<string, number>();
  let rateLimited = 0;
  let scopes = options.scopes ? [...options.scopes] : undefined;
  const channels: FakeChannel[] = [...(options.channels ?? [])];
  let fileCounter = 0;
  let baseUrl = '';
  const failures: { kind: SlackFailure; remaining: number; method?: string }[] = [];
  let tsCounter = 0;
  const tsBase = Math.floor(Date.now() / 1000);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      respond(res, 500, { ok: false, error: `fake_slack_error: ${String(error)}` });
    });
  });
  // Node closes an idle keep-alive socket after 5 s; a client reusing it at that moment fails with
  // "fetch failed" (seen on a loaded CI machine). Keep sockets open for longer than any test.
  server.keepAliveTimeout = 10 * 60_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.url?.startsWith('/upload/')) return receiveUpload(req, res);
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const body = parseBody(await readBody(req), req.headers['content-type']);
    const authorization = req.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : (body.token as string | undefined);
    const posted: PostedMessage = { method, body, token };
    posts.push(posted);
    // Slack reports the token's scopes on every response; writeHead merges this in.
    if (scopes) res.setHeader('x-oauth-scopes', scopes.join(','));

    const failure = failures.find((f) => f.remaining > 0 && (f.method === undefined || f.method === method));
    if (failure) {
      failure.remaining -= 1;
      const kind = failure.kind;
      if ('error' in kind) return respond(res, 200, { ok: false, error: kind.error });
      const headers: Record<string, string> = kind.retryAfter !== undefined ? { 'Retry-After': String(kind.retryAfter) } : {};
      return respond(res, kind.status, { ok: false, error: kind.status === 429 ? 'ratelimited' : 'fatal_error' }, headers);
    }

    if (!token && (RECORDED_METHODS.has(method) || FILE_METHODS.has(method) || READ_METHODS.has(method))) {
      respond(res, 200, { ok: false, error: 'not_authed' });
      return;
    }
    if (READ_METHODS.has(method)) return read(method, body, res);
    if (method === 'files.getUploadURLExternal') return startUpload(body, res);
    if (method === 'files.completeUploadExternal') return completeUpload(body, res);
    if (!RECORDED_METHODS.has(method)) {
      respond(res, 200, { ok: false, error: 'unknown_method' });
      return;
    }
    if (!body.channel) {
      respond(res, 200, { ok: false, error: 'channel_not_found' });
      return;
    }
    if (!body.text && !body.blocks) {
      respond(res, 200, { ok: false, error: 'no_text' });
      return;
    }
    const blockProblem = body.blocks ? invalidBlocks(body.blocks) : undefined;
    if (blockProblem) {
      return respond(res, 200, { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${blockProblem}`] } });
    }

    if (options.perChannelIntervalMs !== undefined && method === 'chat.postMessage') {
      const now = Date.now();
      const last = lastPostAt.get(String(body.channel));
      if (last !== undefined && now - last < options.perChannelIntervalMs) {
        rateLimited += 1;
        const retryAfter = Math.ceil((options.perChannelIntervalMs - (now - last)) / 1000);
        return respond(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(retryAfter) });
      }
      lastPostAt.set(String(body.channel), now);
    }

    tsCounter += 1;
    const ts = method === 'chat.update' && body.ts ? String(body.ts) : `${tsBase}.${String(tsCounter).padStart(6, '0')}`;
    posted.ts = ts;
    return respond(res, 200, { ok: true, channel: body.channel, ts, message: { text: body.text, ts } });
  }

  /** auth.test, conversations.info and conversations.list, with Slack's scope errors when `scopes` is set. */
  function read(method: string, body: PostedMessage['body'], res: ServerResponse) {
    const missing = (needed: string) =>
      respond(res, 200, { ok: false, error: 'missing_scope', needed, provided: (scopes ?? []).join(',') });
    const hasScope = (scope: string) => scopes === undefined || scopes.includes(scope);
    const channelJson = (c: FakeChannel) => ({
      id: c.id,
      name: c.name,
      is_channel: !c.isPrivate,
      is_private: Boolean(c.isPrivate),
      is_archived: Boolean(c.isArchived),
      is_member: c.isMember,
    });
    if (method === 'auth.test') {
      return respond(res, 200, {
        ok: true,
        url: FAKE_TEAM.url,
        team: FAKE_TEAM.name,
        user: FAKE_BOT.name,
        team_id: FAKE_TEAM.id,
        user_id: FAKE_BOT.userId,
        bot_id: FAKE_BOT.botId,
        is_enterprise_install: false,
      });
    }
    if (method === 'conversations.info') {
      const channel = channels.find((c) => c.id === body.channel);
      if (channel?.isPrivate ? !hasScope('groups:read') : !hasScope('channels:read'))
        return missing(channel?.isPrivate ? 'groups:read' : 'channels:read');
      // A private channel the bot is not in does not exist, as far as the bot can tell.
      if (!channel || (channel.isPrivate && !channel.isMember)) return respond(res, 200, { ok: false, error: 'channel_not_found' });
      return respond(res, 200, { ok: true, channel: channelJson(channel) });
    }
    // conversations.list: public channels only (one page), as a token with channels:read sees them.
    if (!hasScope('channels:read')) return missing('channels:read');
    const excludeArchived = body.exclude_archived === true || body.exclude_archived === 'true';
    const listed = channels.filter((c) => !c.isPrivate && !(excludeArchived && c.isArchived));
    return respond(res, 200, { ok: true, channels: listed.map(channelJson), response_metadata: { next_cursor: '' } });
  }

  /** files.getUploadURLExternal: a URL on this server to POST the bytes to. */
  function startUpload(body: PostedMessage['body'], res: ServerResponse): void {
    const length = Number(body.length);
    if (!body.filename || !Number.isInteger(length) || length < 0) {
      respond(res, 200, { ok: false, error: 'invalid_arguments' });
      return;
    }
    fileCounter += 1;
    const id = `F${String(fileCounter).padStart(9, '0')}`;
    pending.set(id, { filename: String(body.filename), length });
    respond(res, 200, { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id });
  }

  async function receiveUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = (req.url ?? '').slice('/upload/'.length);
    const entry = pending.get(id);
    const content = uploadedBytes(await readBody(req), req.headers['content-type']);
    if (!entry) return respond(res, 404, { ok: false });
    entry.content = content;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`OK - ${Buffer.byteLength(content)}`);
  }

  function completeUpload(body: PostedMessage['body'], res: ServerResponse): void {
    const files: { id: string; title?: string }[] = typeof body.files === 'string' ? JSON.parse(body.files) : (body.files ?? []);
    for (const f of files) {
      const entry = pending.get(f.id);
      if (!entry || entry.content === undefined) {
        respond(res, 200, { ok: false, error: 'file_not_found' });
        return;
      }
      if (Buffer.byteLength(entry.content) !== entry.length) {
        respond(res, 200, { ok: false, error: 'file_upload_size_mismatch' });
        return;
      }
    }
    for (const f of files) {
      const entry = pending.get(f.id)!;
      pending.delete(f.id);
      uploads.push({
        id: f.id,
        filename: entry.filename,
        title: f.title,
        content: entry.content!,
        channel: body.channel_id,
        thread_ts: body.thread_ts,
      });
    }
    respond(res, 200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `${baseUrl}/api/`,
    posts,
    uploads,
    get rateLimited() {
      return rateLimited;
    },
    get scopes() {
      return scopes;
    },
    set scopes(value) {
      scopes = value;
    },
    channels,
    failNext(kind, times = 1, method) {
      failures.push({ kind, remaining: times, method });
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

/** WebClient posts a Buffer as multipart/form-data (one part); anything else is the bytes as sent. */
function uploadedBytes(raw: string, contentType: string | undefined): string {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!contentType?.startsWith('multipart/form-data') || !boundary) return raw;
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const part = raw.split(delimiter)[1] ?? '';
  const start = part.indexOf('\r\n\r\n');
  return start < 0 ? '' : part.slice(start + 4, part.endsWith('\r\n') ? -2 : undefined);
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
