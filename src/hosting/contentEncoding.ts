import type { Next, Request, RequestHandler, Response } from 'restify';

/**
 * Refuses request bodies sent compressed (Content-Encoding other than identity) with 415,
 * before any route or body parser runs.
 *
 * restify's body reader inflates gzip and deflate bodies itself, and it has two faults no
 * setting fixes: a body that is not valid gzip emits an 'error' nobody listens to, which
 * ends the process, and its size limit counts compressed bytes, so a 245 KB gzip bomb
 * inflated to 240 MB and exhausted the heap. No Bot Framework channel, Direct Line client
 * or Web Chat compresses what it sends, so refusing costs nothing real. RFC 7694 asks a
 * server that refuses an encoding to say which it accepts (Accept-Encoding).
 *
 * The body is never read: the connection is closed after the answer so its bytes are not
 * parsed as the next request.
 */
export function refuseCompressedBodies(): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding === undefined || isIdentity(encoding)) return next();
    res.header('Accept-Encoding', 'identity');
    res.header('Connection', 'close');
    res.send(415, { error: 'unsupported_encoding', message: 'Send the body uncompressed (Content-Encoding: identity).' });
    return next(false);
  };
}

function isIdentity(encoding: string): boolean {
  return encoding
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .every((e) => e === '' || e === 'identity');
}
