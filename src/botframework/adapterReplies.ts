import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import * as ConnectorMappers from 'botframework-connector/lib/connectorApi/models/mappers.js';

/**
 * A lean path for the two calls every turn makes, replyToActivity and sendToConversation,
 * for anonymous connectors (no MicrosoftAppId: the Emulator, local channels, tests).
 *
 * botbuilder's ConnectorClient sends each reply through @azure/core-client: a pipeline of
 * fourteen policies (tracing, logging with header sanitizing, client request ids, ...)
 * and a mapper-driven serializer, a quarter of a short turn's CPU. Here the activity is
 * projected with the same mappers (same fields, same names, dates as ISO strings) and
 * POSTed as JSON over a shared keep-alive agent, with the same retries as the azure
 * pipeline's default policy: up to 3, on 408/5xx (not 501/505) and connection failures
 * with exponential backoff from 1 s, and on 429/503 after the connector's Retry-After.
 * A non-2xx answer rejects with an error named RestError carrying `statusCode`, like the
 * azure client's. Anything unusual (options or a callback passed, a field that does not
 * fit its mapper) goes through the azure client instead.
 *
 * Not used when the client signs its requests (MicrosoftAppId set) or an HTTP(S)_PROXY is
 * configured: those stay on the azure pipeline, which handles tokens and proxies.
 */

/** Shaped like @azure/core-rest-pipeline's RestError (name, statusCode, code), so logs and handlers see connector failures alike. */
export class ConnectorReplyError extends Error {
  override name = 'RestError';
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

// ---- Projection: the azure serializer's output, from the same mappers. ------------------------

interface MapperLike {
  serializedName?: string;
  constraints?: unknown;
  type: {
    name: string;
    className?: string;
    modelProperties?: Record<string, MapperLike>;
    element?: MapperLike;
    value?: MapperLike;
    additionalProperties?: unknown;
    polymorphicDiscriminator?: unknown;
    uberParent?: unknown;
  };
}

/** Thrown inside a projection when a value does not fit its mapper: the azure client takes that send. */
const NOT_LEAN = Symbol('not lean');
type Project = (value: unknown) => unknown;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Compiles a mapper into a projection; undefined when the mapper uses a feature this does not reproduce. */
function compileMapper(mapper: MapperLike, mappers: Record<string, MapperLike | undefined>, compiled: Map<string, Project>): Project | undefined {
  if (mapper.constraints) return undefined;
  const { type } = mapper;
  switch (type.name) {
    case 'String':
      return (v) => (typeof v === 'string' ? v : fail());
    case 'Boolean':
      return (v) => (typeof v === 'boolean' ? v : fail());
    case 'Number':
      return (v) => (typeof v === 'number' ? v : fail());
    case 'DateTime':
      return (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : fail());
    case 'Object':
      // Free-form (channelData, card content, values): the azure serializer passes it through.
      return (v) => v;
    case 'Sequence': {
      const element = type.element && compileMapper(type.element, mappers, compiled);
      if (!element) return undefined;
      return (v) => (Array.isArray(v) ? v.map((e) => (e === null || e === undefined ? e : element(e))) : fail());
    }
    case 'Dictionary': {
      const value = type.value && compileMapper(type.value, mappers, compiled);
      if (!value) return undefined;
      return (v) => {
        if (!isPlainObject(v)) return fail();
        const out: Record<string, unknown> = {};
        for (const [k, e] of Object.entries(v)) out[k] = e === null || e === undefined ? e : value(e);
        return out;
      };
    }
    case 'Composite': {
      const className = type.className;
      if (!className) return undefined;
      const existing = compiled.get(className);
      if (existing) return existing;
      const target = mappers[className];
      const props = target?.type.modelProperties;
      if (!target || !props || target.type.additionalProperties || target.type.polymorphicDiscriminator || target.type.uberParent) return undefined;
      // Registered before its properties compile, so a type that refers to itself works.
      const fields: Array<{ name: string; wire: string; project: Project }> = [];
      const project: Project = (v) => {
        if (!isPlainObject(v)) return fail();
        const out: Record<string, unknown> = {};
        for (const field of fields) {
          const value = v[field.name];
          if (value === undefined) continue;
          out[field.wire] = value === null ? null : field.project(value);
        }
        return out;
      };
      compiled.set(className, project);
      for (const [name, prop] of Object.entries(props)) {
        const wire = prop.serializedName ?? name;
        // Flattened ("a.b") or escaped names need the azure serializer's handling.
        if (wire.includes('.')) return undefined;
        const fieldProject = compileMapper(prop, mappers, compiled);
        if (!fieldProject) return undefined;
        fields.push({ name, wire, project: fieldProject });
      }
      return project;
    }
    default:
      return undefined;
  }
}

function fail(): never {
  throw NOT_LEAN;
}

const projectActivity: Project | undefined = (() => {
  const mappers = ConnectorMappers as unknown as Record<string, MapperLike | undefined>;
  if (!mappers.Activity) return undefined;
  return compileMapper({ type: { name: 'Composite', className: 'Activity' } }, mappers, new Map());
})();

/** The activity's JSON as the azure client would send it, or undefined when it should send it itself. */
export function activityJson(activity: Partial<Activity>): string | undefined {
  if (!projectActivity) return undefined;
  try {
    return JSON.stringify(projectActivity(activity));
  } catch (error) {
    if (error === NOT_LEAN) return undefined;
    throw error;
  }
}

// ---- Sending. -------------------------------------------------------------------------------------

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
const USER_AGENT = 'Microsoft-BotFramework/3.1 botframework-connector (lean replies)';
/** A connector answers a reply with a small ResourceResponse; more than this is not read. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_RETRIES = 3;
const RETRY_DELAY_MS = 1000;
const MAX_RETRY_DELAY_MS = 64_000;
const RETRIED_ERROR_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND']);

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

function post(url: URL, headers: OutgoingHttpHeaders, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const https = url.protocol === 'https:';
    const req = (https ? httpsRequest : httpRequest)(url, { method: 'POST', headers, agent: https ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          res.destroy(new ConnectorReplyError('the connector answered with more than 1 MB', res.statusCode));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Milliseconds the connector asked us to wait (429/503 only), as the azure throttling policy reads it. */
function retryAfterMs(answer: Answer): number | undefined {
  if (answer.status !== 429 && answer.status !== 503) return undefined;
  for (const [header, factor] of [
    ['retry-after-ms', 1],
    ['x-ms-retry-after-ms', 1],
    ['retry-after', 1000],
  ] as const) {
    const raw = answer.headers[header];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === '') continue;
    const n = Number(value);
    if (Number.isFinite(n)) return n * factor;
    if (header === 'retry-after') {
      const at = Date.parse(value);
      if (Number.isFinite(at)) return Math.max(0, at - Date.now());
    }
  }
  return undefined;
}

function backoffMs(attempt: number, retryDelayMs: number): number {
  const clamped = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** attempt);
  return clamped / 2 + Math.floor(Math.random() * (clamped / 2 + 1));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

async function send(url: URL, conversationId: string, body: string, retryDelayMs: number): Promise<ResourceResponse> {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    accept: '*/*',
    'user-agent': USER_AGENT,
    'x-ms-conversation-id': conversationId,
  };
  for (let attempt = 0; ; attempt++) {
    let answer: Answer;
    try {
      answer = await post(url, headers, body);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== undefined && RETRIED_ERROR_CODES.has(code) && attempt < MAX_RETRIES) {
        await sleep(backoffMs(attempt, retryDelayMs));
        continue;
      }
      if (error instanceof ConnectorReplyError) throw error;
      throw new ConnectorReplyError(`the reply could not be sent: ${(error as Error).message}`, undefined, code ?? 'REQUEST_SEND_ERROR');
    }
    if (answer.status === 200 || answer.status === 201 || answer.status === 202) return resourceResponse(answer.body);
    if (attempt < MAX_RETRIES) {
      const throttled = retryAfterMs(answer);
      if (throttled !== undefined) {
        await sleep(throttled);
        continue;
      }
      if ((answer.status >= 500 || answer.status === 408) && answer.status !== 501 && answer.status !== 505) {
        await sleep(backoffMs(attempt, retryDelayMs));
        continue;
      }
    }
    throw new ConnectorReplyError(`the connector answered ${answer.status}`, answer.status);
  }
}

/** The ResourceResponse's id when the answer has one; the connector took the reply either way. */
function resourceResponse(body: string): ResourceResponse {
  if (body.length === 0) return {} as ResourceResponse;
  try {
    const parsed: unknown = JSON.parse(body);
    const id = isPlainObject(parsed) ? parsed.id : undefined;
    return (typeof id === 'string' ? { id } : {}) as ResourceResponse;
  } catch {
    return {} as ResourceResponse;
  }
}

/** serviceUrl + v3/conversations/{id}/activities[/{activityId}], joined and encoded the way the azure client does. */
function activitiesUrl(serviceUrl: string, conversationId: string, activityId?: string): URL {
  const url = new URL(serviceUrl);
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  url.pathname = `${base}v3/conversations/${encodeURIComponent(conversationId)}/activities${activityId === undefined ? '' : `/${encodeURIComponent(activityId)}`}`;
  return url;
}

// ---- Wiring. ---------------------------------------------------------------------------------------

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** True when replies from this client may take the lean path: anonymous credentials, http(s), no proxy. */
export function canSendLean(client: ConnectorClient, serviceUrl: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!projectActivity) return false;
  if (PROXY_VARIABLES.some((name) => (env[name] ?? '') !== '')) return false;
  const credentials = (client as unknown as { credentials?: { appId?: unknown } }).credentials;
  if (!credentials || (typeof credentials.appId === 'string' && credentials.appId !== '')) return false;
  try {
    const { protocol } = new URL(serviceUrl);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export interface LeanReplyOptions {
  /** First retry delay (then doubling, with jitter); 1 s like the azure pipeline. Tests shorten it. */
  retryDelayMs?: number;
}

type ReplyToActivity = (conversationId: string, activityId: string, activity: Partial<Activity>, ...rest: unknown[]) => Promise<unknown>;
type SendToConversation = (conversationId: string, activity: Partial<Activity>, ...rest: unknown[]) => Promise<unknown>;

/**
 * Gives `client` the lean replyToActivity and sendToConversation (see above); every other
 * operation, and any call with options or a callback, stays the azure client's.
 */
export function withLeanReplies(client: ConnectorClient, serviceUrl: string, options: LeanReplyOptions = {}): ConnectorClient {
  const retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
  const azure = client.conversations;
  const azureReply = azure.replyToActivity.bind(azure) as ReplyToActivity;
  const azureSend = azure.sendToConversation.bind(azure) as SendToConversation;
  const lean = Object.create(azure) as typeof azure;
  const replyToActivity: ReplyToActivity = (conversationId, activityId, activity, ...rest) => {
    const body = rest.length === 0 && typeof conversationId === 'string' && typeof activityId === 'string' && activity ? activityJson(activity) : undefined;
    if (body === undefined) return azureReply(conversationId, activityId, activity, ...rest);
    return send(activitiesUrl(serviceUrl, conversationId, activityId), conversationId, body, retryDelayMs);
  };
  const sendToConversation: SendToConversation = (conversationId, activity, ...rest) => {
    const body = rest.length === 0 && typeof conversationId === 'string' && activity ? activityJson(activity) : undefined;
    if (body === undefined) return azureSend(conversationId, activity, ...rest);
    return send(activitiesUrl(serviceUrl, conversationId), conversationId, body, retryDelayMs);
  };
  Object.assign(lean, { replyToActivity, sendToConversation });
  client.conversations = lean;
  return client;
}
