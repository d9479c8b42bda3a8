import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { hasBearerToken } from '../../domain/callbacks/bearerAuth.js';
import { registry } from '../../metrics.js';

export const METRICS_PATH = '/metrics';

export type MetricsConfig = Pick<Config, 'METRICS_TOKEN' | 'METRICS_PORT' | 'METRICS_HOST'>;

export interface MetricsEndpoint {
  /** Adds /metrics to the bot's server when it is served there (a token and no port of its own). */
  register(server: Server): void;
  /** The separate listener's port, once listening (undefined when /metrics is not on a port of its own). */
  port(): number | undefined;
  close(): Promise<void>;
}

/**
 * /metrics in the Prometheus text format, for operators only:
 * - METRICS_PORT set: on its own listener (METRICS_HOST, loopback by default), which a
 *   load balancer does not expose; with METRICS_TOKEN too, the token is asked there as well.
 * - only METRICS_TOKEN set: on the bot's port, behind `Authorization: Bearer <token>`.
 * - neither: off (404), so nothing about the service is public by default.
 */
export function metricsEndpoint(config: MetricsConfig, logger: Logger): MetricsEndpoint {
  const token = config.METRICS_TOKEN;
  const allowed = (authorization: string | undefined): boolean => token === undefined || hasBearerToken(authorization, token);
  let listener: HttpServer | undefined;

  if (config.METRICS_PORT !== undefined) {
    listener = createServer((req: IncomingMessage, res: ServerResponse) => {
      void answer(req.method ?? 'GET', new URL(req.url ?? '/', 'http://metrics.invalid').pathname, req.headers.authorization).then(({ status, type, body }) => {
        res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
        res.end(body);
      });
    });
    listener.listen(config.METRICS_PORT, config.METRICS_HOST, () => {
      logger.info({ event: 'metrics_ready', port: (listener?.address() as AddressInfo | null)?.port, token: token !== undefined }, 'metrics on their own port');
    });
    listener.on('error', (error: Error & { code?: string }) => logger.error({ event: 'metrics_listen_failed', code: error.code }, 'the metrics port could not be opened'));
  } else if (token === undefined) {
    logger.info({ event: 'metrics_disabled' }, 'METRICS_TOKEN and METRICS_PORT are not set: /metrics is off (404)');
  }

  async function answer(method: string, path: string, authorization: string | undefined): Promise<{ status: number; type: string; body: string }> {
    if (path !== METRICS_PATH || method !== 'GET') return { status: 404, type: 'text/plain', body: 'not found\n' };
    if (!allowed(authorization)) return { status: 401, type: 'text/plain', body: 'unauthorized\n' };
    try {
      return { status: 200, type: registry.contentType, body: await registry.metrics() };
    } catch (error) {
      logger.error({ event: 'metrics_failed', errorName: (error as Error).name }, 'metrics could not be collected');
      return { status: 503, type: 'text/plain', body: 'unavailable\n' };
    }
  }

  return {
    register(server) {
      if (listener || token === undefined) return;
      server.get(METRICS_PATH, async (req: Request, res: Response) => {
        const { status, type, body } = await answer('GET', METRICS_PATH, req.headers.authorization);
        if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
        res.setHeader('Content-Type', type);
        res.setHeader('Cache-Control', 'no-store');
        res.sendRaw(status, body);
      });
    },
    port() {
      const address = listener?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
    async close() {
      if (!listener?.listening) return;
      await new Promise<void>((resolve) => listener?.close(() => resolve()));
    },
  };
}
