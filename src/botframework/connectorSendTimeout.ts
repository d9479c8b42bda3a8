import type { Middleware, ResourceResponse } from 'botbuilder';

/** Raised when the connector (the channel's serviceUrl) does not accept a reply in time. */
export class ConnectorTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the connector did not accept the reply within ${timeoutMs} ms`);
    this.name = 'ConnectorTimeoutError';
  }
}

/**
 * Bounds every send to the connector. botbuilder's ConnectorClient has no request
 * timeout, so a serviceUrl that accepts the connection and never answers would hold the
 * turn (and its place in the shutdown drain) forever. With this the send rejects after
 * `timeoutMs`, the turn fails into onTurnError like any other connector failure, and
 * the conversation's state is left as it was before the turn, so the next message works.
 *
 * The request itself is not aborted (the client offers no handle for it); its socket
 * is freed when the connector answers or closes it. The middleware only touches the
 * send path, never the activities' contents.
 */
export function connectorSendTimeout(timeoutMs: number): Middleware {
  return {
    async onTurn(context, next) {
      context.onSendActivities(async (_ctx, _activities, sendNext) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new ConnectorTimeoutError(timeoutMs)), timeoutMs);
        });
        try {
          return (await Promise.race([sendNext(), deadline])) as ResourceResponse[];
        } finally {
          clearTimeout(timer);
        }
      });
      await next();
    },
  };
}
