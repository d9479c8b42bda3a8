import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. These are health conversations: never log message text,
 * phone numbers, ZIP codes or profile answers. Log ids, kinds and counts only.
 * The redact paths are a safety net for objects that slip through anyway.
 */
export const REDACT_PATHS = [
  'text',
  '*.text',
  'activity.text',
  'activity.value',
  'value',
  '*.value',
  'phone',
  '*.phone',
  'zip',
  '*.zip',
  'profile',
  '*.profile',
  'body',
  '*.body',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'recovery-guidance-bot' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Process-wide logger; tests pass their own to the factories instead. */
export const logger: Logger = createLogger();
export type { Logger };
