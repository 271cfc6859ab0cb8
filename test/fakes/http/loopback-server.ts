import dns from 'node:dns';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { type AddressInfo, connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';

/**
 * One loopback port for HTTP/1.1 and cleartext HTTP/2 with prior knowledge (the Kinesis client's):
 * the first bytes of a connection say which server gets it. An HTTP/2 session cannot take over a
 * socket whose first bytes were already read, so those connections are piped to the HTTP/2
 * server on a second, internal loopback port.
 */

export type Serve = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoopbackServer {
  readonly port: number;
  close(): Promise<void>;
}

const listen = (server: Server | ReturnType<typeof createHttp2Server>): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/**
 * Operations with an endpoint host prefix (MWAA's `api.`) send their request to `api.127.0.0.1`
 * even with a custom endpoint, unless the client sets `disableHostPrefix`. While a loopback server
 * is open, names ending in `.127.0.0.1` (never a real DNS name: there is no top-level domain `1`)
 * resolve to 127.0.0.1; every other name resolves as usual.
 */
let prefixedLoopbackUsers = 0;
const plainLookup = dns.lookup;
function resolvePrefixedLoopback(open: boolean): void {
  prefixedLoopbackUsers += open ? 1 : -1;
  if (prefixedLoopbackUsers === 0) dns.lookup = plainLookup;
  else if (open && prefixedLoopbackUsers === 1) {
    dns.lookup = ((hostname: string, ...rest: unknown[]) =>
      (plainLookup as (...args: unknown[]) => void)(
        hostname.endsWith('.127.0.0.1') ? '127.0.0.1' : hostname,
        ...rest,
      )) as typeof dns.lookup;
  }
}

export async function listenOnLoopback(serve: Serve): Promise<LoopbackServer> {
  resolvePrefixedLoopback(true);
  const http1 = createServer(serve);
  http1.keepAliveTimeout = 60_000;
  const http2 = createHttp2Server((req: Http2ServerRequest, res: Http2ServerResponse) =>
    serve(req as unknown as IncomingMessage, res as unknown as ServerResponse),
  );
  const http2Port = await listen(http2);
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
  const port = await listen(tcp);
  let closed = false;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      if (!closed) resolvePrefixedLoopback(false);
      closed = true;
      tcp.close((error) => (error ? reject(error) : resolve()));
      http1.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      http2.close();
    });
  return { port, close };
}
