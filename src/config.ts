import { z } from 'zod';
import { isRedisUrl } from './state/redisClient.js';

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

  // Helpline shown everywhere.
  HELPLINE_NUMBER: z
    .string()
    .regex(/^\d{3}-\d{3}-\d{4}$/, 'a US number written like 833-820-2922')
    .default('833-820-2922'),

  // Data files.
  CONTENT_DIR: z.string().min(1).default('data'),
  CATALOG_PATH: z.string().min(1).default('data/programs.json'),
  MAX_DISTANCE_MILES: positiveInt.default(25),

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
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(z.url())),

  // Callbacks and handoff.
  CALLBACK_QUEUE_PATH: z.string().min(1).default('var/callbacks.json'),
  CALLBACK_WEBHOOK_URL: optionalUrl,
  CALLBACK_RETENTION_DAYS: positiveInt.default(14),
  STAFF_API_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  HANDOFF_ENABLED: bool.default(false),
  HANDOFF_TIMEOUT_SECONDS: positiveInt.default(120),

  // Hardening.
  RATE_LIMIT_PER_IP_PER_MINUTE: positiveInt.default(120),
  RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: positiveInt.default(30),
  REQUEST_TIMEOUT_MS: positiveInt.default(15000),
  MAX_BODY_BYTES: positiveInt.default(262144),
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
