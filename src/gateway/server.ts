/**
 * `createGateway`: the node:http server around the proxy handler, with /metrics, /healthz and
 * /readyz, the undici Pool to the upstream, and the timeouts that protect against slow clients
 * (headers, whole request) and slow upstreams (connect, headers, idle body).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { Pool } from 'undici';
import type { Enforcer } from '../enforce/index.js';
import type { StateStore } from '../store/index.js';
import type { KeyMap } from './keys.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { createProxyHandler } from './proxy.js';
import type { Recorder } from './recorder.js';

export interface GatewayOptions {
  /** Upstream base URL, e.g. `https://api.openai.com` or `http://127.0.0.1:9000`. */
  upstream: string;
  enforcer: Enforcer;
  /** Used by /readyz; the enforcer's store. */
  store?: StateStore;
  keys?: KeyMap;
  keySecret: string;
  recorder?: Recorder;
  metrics?: GatewayMetrics;
  logger?: Logger;
  /** Request body limit. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Response bytes kept for recording / JSON filtering. Default 8 MiB. */
  maxRecordBytes?: number;
  /** Client must send all headers within this. Default 10 s. */
  headersTimeoutMs?: number;
  /** Client must send the whole request within this. Default 30 s. */
  requestTimeoutMs?: number;
  /** Idle keep-alive connections are closed after this. Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** How often Node checks the two client timeouts above. Default 1 s. */
  timeoutCheckIntervalMs?: number;
  /** Upstream connect timeout. Default 5 s. */
  connectTimeoutMs?: number;
  /** Upstream must send response headers within this. Default 120 s. */
  upstreamHeadersTimeoutMs?: number;
  /** Upstream may be silent between body chunks at most this long. Default 120 s. */
  upstreamIdleTimeoutMs?: number;
  /** Upstream connections. Default 512. */
  upstreamConnections?: number;
  upstreamHeaders?: Record<string, string>;
  trustProxy?: boolean;
  now?: () => number;
  newId?: () => string;
}

export interface Gateway {
  readonly server: Server;
  readonly metrics: GatewayMetrics;
  listen(port: number, host?: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

/**
 * @example
 * const gw = createGateway({ upstream: 'http://127.0.0.1:9000', enforcer, keySecret: keySecretFromEnv() });
 * const addr = await gw.listen(8080);
 * // … later
 * await gw.close();
 */
export function createGateway(options: GatewayOptions): Gateway {
  const url = new URL(options.upstream);
  const basePath = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, {
    connections: options.upstreamConnections ?? 512,
    connect: { timeout: options.connectTimeoutMs ?? 5_000 },
    headersTimeout: options.upstreamHeadersTimeoutMs ?? 120_000,
    bodyTimeout: options.upstreamIdleTimeoutMs ?? 120_000,
    keepAliveTimeout: 10_000,
  });
  const metrics = options.metrics ?? createGatewayMetrics();
  const logger = options.logger ?? pino({ level: 'info' });
  const proxy = createProxyHandler({
    pool,
    upstreamBasePath: basePath,
    enforcer: options.enforcer,
    keys: options.keys,
    keySecret: options.keySecret,
    recorder: options.recorder,
    metrics,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    maxRecordBytes: options.maxRecordBytes ?? 8 * 1024 * 1024,
    upstreamHeaders: options.upstreamHeaders,
    trustProxy: options.trustProxy ?? false,
    now: options.now ?? Date.now,
    newId: options.newId ?? (() => 'req_' + randomUUID()),
  });

  const plain = (res: ServerResponse, status: number, body: string, type = 'application/json'): void => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  async function ready(res: ServerResponse): Promise<void> {
    try {
      if (options.store) await options.store.lookup('__moat_readyz__');
      plain(res, 200, '{"status":"ready"}');
    } catch {
      plain(res, 503, '{"status":"store unavailable"}');
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') {
      switch (req.url) {
        case '/healthz':
          return plain(res, 200, '{"status":"ok"}');
        case '/readyz':
          void ready(res);
          return;
        case '/metrics':
          metrics.render().then(
            (text) => plain(res, 200, text, metrics.registry.contentType),
            () => plain(res, 500, 'metrics failed', 'text/plain'),
          );
          return;
      }
    }
    proxy(req, res);
  }

  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      connectionsCheckingInterval: options.timeoutCheckIntervalMs ?? 1_000,
      noDelay: true,
    },
    handle,
  );
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed) {
      const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    } else socket.destroy();
  });

  return {
    server,
    metrics,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      await pool.close();
      await options.recorder?.flush();
    },
  };
}
