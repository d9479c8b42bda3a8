import { z } from 'zod';
import { isAddressOrCidr } from './hosting/proxyTrust.js';
import { isRedisUrl } from './state/redisClient.js';
import { SdkTuningSchema } from './botframework/sdkTuning.js';

/**
 * Every setting the bot reads from the environment, validated once at start-up.
 * Defaults serve a local run with no cloud account. `.env.example` documents each one.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const optionalUrl = optionalString.pipe(z.url().optional());
/** A comma-separated list, blanks dropped. */
const list = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0));

export const ConfigSchema = z.object({
  PORT: port.default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public base URL, used in links (widget snippet, Teams package). */
  PUBLIC_BASE_URL: optionalUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Bot Framework credentials. Empty = anonymous (Emulator, local web chat, tests).
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MicrosoftAppTenantId: optionalString,
  /**
   * botbuilder's own settings for clouds other than the public one (and for tests with a
   * local token issuer): read by it under these names; all unset for the public cloud.
   */
  ChannelService: optionalString,
  ToChannelFromBotLoginUrl: optionalUrl,
  ToChannelFromBotOAuthScope: optionalString,
  ToBotFromChannelTokenIssuer: optionalString,
  ToBotFromChannelOpenIdMetadataUrl: optionalUrl,
  ToBotFromEmulatorOpenIdMetadataUrl: optionalUrl,
  OAuthUrl: optionalUrl,

  // Helpline shown everywhere.
  HELPLINE_NUMBER: z
    .string()
    .regex(/^\d{3}-\d{3}-\d{4}$/, 'a US number written like 833-820-2922')
    .default('833-820-2922'),
  /** An operator's word that the helpline has Spanish-speaking staff: only then does the bot say so in Spanish. */
  HELPLINE_SPANISH_STAFF: bool.default(false),

  // Data files.
  CONTENT_DIR: z.string().min(1).default('data'),
  CATALOG_PATH: z.string().min(1).default('data/programs.json'),
  MAX_DISTANCE_MILES: positiveInt.default(25),
  MEETINGS_PATH: z.string().min(1).default('data/meetings.json'),
  MEETING_RADIUS_MILES: positiveInt.default(10),

  // Conversation state.
  STATE_STORE: z
    .string()
    .default('memory')
    .refine((v) => v === 'memory' || isRedisUrl(v), 'either "memory" or a redis:// URL'),
  STATE_IDLE_MINUTES: positiveInt.default(30),
  STATE_MAX_CONVERSATIONS: positiveInt.default(50000),

  // Web chat and embedding.
  DIRECT_LINE_SECRET: optionalString,
  /** Secret that signs the local Direct Line tokens. Random per process when unset. */
  DIRECT_LINE_TOKEN_SECRET: optionalString,
  DIRECT_LINE_TOKEN_TTL_SECONDS: positiveInt.default(1800),
  /** Comma-separated origins allowed to embed the widget, e.g. https://example.org */
  ALLOWED_ORIGINS: list.pipe(z.array(z.url())),

  // Callbacks and handoff.
  CALLBACK_QUEUE_PATH: z.string().min(1).default('var/callbacks.json'),
  CALLBACK_WEBHOOK_URL: optionalUrl,
  CALLBACK_RETENTION_DAYS: positiveInt.default(14),
  STAFF_API_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  /** More staff tokens (comma-separated, each at least 16 characters), one per person or team, for the API and the /staff page. */
  STAFF_TOKENS: list.pipe(z.array(z.string().min(16, 'each staff token at least 16 characters'))),
  HANDOFF_ENABLED: bool.default(false),
  HANDOFF_TIMEOUT_SECONDS: positiveInt.default(120),

  // Metrics (/metrics, Prometheus text): on their own port, or behind a token on the bot's port; off when neither is set.
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  METRICS_PORT: optionalString.transform((v) => (v === undefined ? undefined : Number(v))).pipe(z.number().int().min(0).max(65535).optional()),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),

  // Hardening.
  RATE_LIMIT_PER_IP_PER_MINUTE: positiveInt.default(120),
  RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: positiveInt.default(30),
  REQUEST_TIMEOUT_MS: positiveInt.default(15000),
  MAX_BODY_BYTES: positiveInt.default(262144),
  /**
   * Without MicrosoftAppId, who may POST to /api/messages (the Emulator's door; the web
   * chat never uses it): off, loopback (this machine, not through a proxy) or any.
   */
  ANONYMOUS_MESSAGES: z.enum(['off', 'loopback', 'any']).default('loopback'),
  /** Reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed. */
  TRUSTED_PROXIES: list.pipe(z.array(z.string().refine(isAddressOrCidr, 'an IP address or CIDR such as 10.0.0.0/8'))),
  /** Extra hosts the bot may reply to (exact, or *.suffix), beside the Bot Framework channels' own. */
  SERVICE_URL_ALLOWLIST: list.pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9.-]+(:\d+)?$/i, 'a host name such as bots.example.org or *.example.org'))),
  /** Lets serviceUrl point at private, loopback or link-local addresses (tests, closed networks). */
  ALLOW_PRIVATE_SERVICE_URLS: bool.default(false),
  /** Open TCP connections at most, in total and from one address (a trusted proxy is not capped per address). */
  MAX_CONNECTIONS: positiveInt.default(4096),
  MAX_CONNECTIONS_PER_IP: positiveInt.default(64),
  /** Open web chat streams (WebSockets) at most: in total, from one address, on one token's conversation. */
  MAX_WEBSOCKETS: positiveInt.default(2048),
  MAX_WEBSOCKETS_PER_IP: positiveInt.default(32),
  MAX_WEBSOCKETS_PER_CONVERSATION: positiveInt.default(4),
  /** Bot Framework token checks waiting at once (their signing keys may be fetched), in total and per address. */
  MAX_PENDING_AUTH: positiveInt.default(256),
  MAX_PENDING_AUTH_PER_IP: positiveInt.default(16),
  AUTH_TIMEOUT_MS: positiveInt.default(5000),

  /** SDK_TUNING=on|off (default on) and SDK_TUNING_SKIP: botbuilder tuning, or the SDK as shipped (src/botframework/sdkTuning.ts). */
  ...SdkTuningSchema.shape,
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = env[String(issue.path[0])];
    const shown = value === undefined ? '' : ` (got "${value.length > 40 ? `${value.slice(0, 40)}…` : value}")`;
    return `Invalid configuration: ${name}${shown}: ${issue.message}`;
  });
  throw new ConfigError(lines.join('\n'));
}
