import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBody, readBody, respond, type SlackServer, startSlackServer } from '../fakes/slack-server';

/**
 * The loopback Slack server (`test/fakes/slack-server.ts`, which checks chat.postMessage and
 * chat.update against Block Kit limits) behind a front that also knows a workspace directory:
 * users.lookupByEmail, usergroups.users.list and chat.postEphemeral. Everything else is passed
 * through unchanged, so `chat.update` still reaches the shared fake.
 */

export interface DirectoryCall {
  method: string;
  body: Record<string, string>;
}

export interface SlackWorkspace {
  /** Pass as `slackApiUrl`. */
  readonly url: string;
  /** The shared fake behind the front: chat.postMessage / chat.update land here. */
  readonly server: SlackServer;
  /** Directory and ephemeral calls, in arrival order. */
  readonly calls: DirectoryCall[];
  /** Email (any case) to user ID. */
  readonly usersByEmail: Map<string, string>;
  /** User group ID to member IDs. */
  readonly userGroups: Map<string, string[]>;
  /** The next directory call fails with this Slack error code. */
  failNextDirectoryCall(error: string): void;
  ephemerals(): DirectoryCall[];
  close(): Promise<void>;
}

const DIRECTORY_METHODS = new Set(['users.lookupByEmail', 'usergroups.users.list', 'chat.postEphemeral']);

export async function startSlackWorkspace(): Promise<SlackWorkspace> {
  const server = await startSlackServer();
  const calls: DirectoryCall[] = [];
  const usersByEmail = new Map<string, string>();
  const userGroups = new Map<string, string[]>();
  const failures: string[] = [];

  const front = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => respond(res, 500, { ok: false, error: `fake_slack_error: ${String(error)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const raw = await readBody(req);
    if (!DIRECTORY_METHODS.has(method)) {
      // Pass through to the shared fake, headers and body as they came.
      const answer = await fetch(`${server.url}${method}`, {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '', authorization: req.headers.authorization ?? '' },
        body: raw,
      });
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(await answer.text());
      return;
    }
    const body = parseBody(raw, req.headers['content-type']) as Record<string, string>;
    calls.push({ method, body });
    const failure = failures.shift();
    if (failure) return respond(res, 200, { ok: false, error: failure });
    if (!req.headers.authorization?.startsWith('Bearer xox')) return respond(res, 200, { ok: false, error: 'not_authed' });
    if (method === 'users.lookupByEmail') {
      const id = usersByEmail.get((body.email ?? '').toLowerCase());
      return id
        ? respond(res, 200, { ok: true, user: { id, name: body.email } })
        : respond(res, 200, { ok: false, error: 'users_not_found' });
    }
    if (method === 'usergroups.users.list') {
      const members = userGroups.get(body.usergroup ?? '');
      return members ? respond(res, 200, { ok: true, users: members }) : respond(res, 200, { ok: false, error: 'no_such_subteam' });
    }
    if (!body.channel || !body.user) return respond(res, 200, { ok: false, error: 'channel_not_found' });
    return respond(res, 200, { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.000001` });
  }

  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = front.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    server,
    calls,
    usersByEmail,
    userGroups,
    failNextDirectoryCall(error) {
      failures.push(error);
    },
    ephemerals() {
      return calls.filter((c) => c.method === 'chat.postEphemeral');
    },
    async close() {
      await new Promise<void>((resolve, reject) => {
        front.close((error) => (error ? reject(error) : resolve()));
        front.closeAllConnections();
      });
      await server.close();
    },
  };
}
