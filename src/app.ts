import { join } from 'node:path';
import { ConversationState, type Storage } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import { MainDialog } from '../dialogs/mainDialog.js';
import { createAdapter, type BotAdapter } from './botframework/adapter.js';
import { RecoveryBot } from './turn/bot.js';
import { normalizeIncoming } from './turn/normalizeIncoming.js';
import type { Config } from './config.js';
import { buttonLabels, loadContent, localeGaps, type Content } from './domain/content.js';
import { ConversationAccessors } from './turn/conversationData.js';
import { ProxyTrust } from './hosting/proxyTrust.js';
import { logger as defaultLogger } from './logger.js';
import { IntentRecognizer } from './domain/nlu/intentRecognizer.js';
import { DEFAULT_INTENTS_PATH } from './domain/nlu/trainingData.js';
import { withKnownPhrases } from './turn/knownPhrases.js';
import { fromRoot } from './paths.js';
import { crisisMiddleware, type DetectCrisis } from './turn/crisisMiddleware.js';
import { loadCrisisResponses } from './replies/crisisMessages.js';
import { createRiskStep } from './turn/riskStep.js';
import { loadRiskDetector } from './domain/safety/riskTopics.js';
import { loadRiskTexts } from './domain/safety/riskTexts.js';
import { turnErrorTexts } from './replies/responses.js';
import { localeMiddleware } from './turn/locale.js';
import { loadLanguageReader } from './domain/languageOfMessage.js';
import { DEFAULT_LOCALE, perLocale } from './domain/locale.js';
import { applyProcessWideTuning, SdkTuning } from './botframework/sdkTuning.js';
import { createServer, type BotServer } from './hosting/server.js';
import { createStorage, storageIsReady } from './state/createStorage.js';
import { commandPhrases, type Recognizer } from './turn/understanding.js';
import { CrisisSupportDialog } from '../dialogs/crisisSupportDialog.js';
import { SuggestionsDialog } from '../dialogs/suggestionsDialog.js';
import { AssessmentDialog } from '../dialogs/assessmentDialog.js';
import { DialogIds } from '../dialogs/dialogIds.js';
import { createEscalation } from './features/callbacks/escalation.js';
import { ProgramSuggester } from './domain/catalog/programSuggester.js';
import { CatalogStore } from './domain/catalog/store.js';
import { MeetingStore } from './domain/meetings/store.js';
import { MeetingFinder } from './domain/meetings/finder.js';
import { MeetingsDialog } from '../dialogs/meetingsDialog.js';
import { watchCallbackQueue } from './metrics.js';
import { turnMetrics } from './turn/turnMetrics.js';
import { observeStorage } from './state/observedStorage.js';
import { metricsEndpoint } from './features/metrics/metricsRoutes.js';

export interface AppOverrides {
  logger?: Logger;
  storage?: Storage;
  recognizer?: Recognizer;
  detect?: DetectCrisis;
  extraDialogs?: readonly Dialog[];
  /** Extra HTTP routes; each gets the server and the app's shared pieces. */
  routes?: ReadonlyArray<RegisterRoutes>;
}

/** What a feature's routes may use: the same adapter and bot as every other channel. */
export interface RouteContext {
  config: Config;
  adapter: BotAdapter;
  bot: RecoveryBot;
  logger: Logger;
  content: Content;
  /** Whose X-Forwarded-For is believed (TRUSTED_PROXIES), for every per-address limit. */
  trust: ProxyTrust;
}
/** Called on shutdown, before the server stops (streams close, turns in flight finish). */
export type RouteDisposer = () => void | Promise<void>;
export type RegisterRoutes = (server: Server, ctx: RouteContext) => void | RouteDisposer;

export interface App {
  content: Content;
  bot: RecoveryBot;
  http: BotServer;
  /** Starts listening; resolves with the bound port (useful with PORT=0). */
  listen(port?: number, host?: string): Promise<number>;
  /** Graceful stop: no new requests, turns in flight finish, storage closes. */
  close(): Promise<void>;
}

/** The composition root: builds every piece from configuration and wires them together. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? defaultLogger;
  // SDK_TUNING: botbuilder's paths with this bot's tuning, or as shipped (src/botframework/sdkTuning.ts).
  const tuning = SdkTuning.of(config);
  const skipped = applyProcessWideTuning(tuning);
  if (skipped.length > 0) logger.warn({ event: 'dialogs_tuning_skipped', pieces: skipped }, 'botbuilder-dialogs is not the expected version: these pieces run as shipped');
  const dataDir = fromRoot(config.CONTENT_DIR);
  const content = loadContent(dataDir, { helplineSpanishStaff: config.HELPLINE_SPANISH_STAFF });
  const crisisResponses = loadCrisisResponses(dataDir);
  // Texts added in English and not yet in another locale read in English there until they are written.
  if (localeGaps.size > 0) logger.warn({ event: 'locale_texts_missing', keys: [...localeGaps] }, 'some texts have no translation yet and fall back to English');
  // The bot's own button labels and command words: the detector's and the classifier's
  // answers for them are decided once here (see knownPhrases.ts). Test doubles are used as is.
  const crisisFollowUp = new CrisisSupportDialog(content, crisisResponses).followUpLabels();
  const ownPhrases = [...buttonLabels(content), ...commandPhrases(), ...crisisFollowUp];
  const recognizer = overrides.recognizer ?? knownPhrasesRecognizer(recognizerFor(dataDir), ownPhrases);
  const detect = overrides.detect ?? knownPhrasesFirst(await defaultDetector(), ownPhrases);

  // Timed for /metrics (state-store latency by store).
  const storage = observeStorage(overrides.storage ?? createStorage(config, logger), overrides.storage ? 'custom' : config.STATE_STORE === 'memory' ? 'memory' : 'redis');
  const conversationState = new ConversationState(storage);
  const accessors = new ConversationAccessors(conversationState);

  // Callback queue, staff API and live-agent handoff; a corrupt queue file stops start-up here,
  // before the catalog is opened and watched.
  const escalation = await createEscalation(config, { content, accessors, logger });
  watchCallbackQueue(escalation.queue);

  const catalog = await CatalogStore.open(fromRoot(config.CATALOG_PATH), logger);
  catalog.watch();
  const meetings = await MeetingStore.open(fromRoot(config.MEETINGS_PATH), logger);
  meetings.watch();
  const meetingFinder = new MeetingFinder(meetings, config.MEETING_RADIUS_MILES);
  const suggester = new ProgramSuggester(catalog, { maxDistanceMiles: config.MAX_DISTANCE_MILES, helplineNumber: config.HELPLINE_NUMBER });

  const mainDialog = new MainDialog({
    content,
    recognizer,
    accessors,
    crisis: crisisResponses,
    extraDialogs: [
      // A test may bring its own assessment; two dialogs with one id would shadow each other.
      ...((overrides.extraDialogs ?? []).some((d) => d.id === DialogIds.assessment) ? [] : [new AssessmentDialog({ accessors, content, listings: suggester })]),
      new SuggestionsDialog(content, accessors, suggester),
      new MeetingsDialog(content, accessors, meetingFinder),
      ...escalation.dialogs,
      ...(overrides.extraDialogs ?? []),
    ],
  });
  const bot = new RecoveryBot({ conversationState, accessors, mainDialog, content, logger, tuning });

  const adapter = createAdapter(config, logger, turnErrorTexts(content), tuning);
  // First, so a turn's time and outcome for /metrics cover every other middleware.
  adapter.use(turnMetrics);
  adapter.use(normalizeIncoming);
  // The turn's language before the crisis check, so its reply is in it too (src/turn/locale.ts).
  adapter.use(localeMiddleware({ accessors, reader: loadLanguageReader(dataDir) }));
  // Withdrawal, relapse, overdose risk and medication questions, after the crisis check (src/turn/riskStep.ts).
  const riskDetector = loadRiskDetector(join(dataDir, 'risk-lexicon.json'));
  const risk = createRiskStep({ detect: (text) => riskDetector.detect(text), texts: loadRiskTexts(dataDir), content, accessors, logger, exemptLabels: ownPhrases });
  adapter.use(
    crisisMiddleware({
      detect,
      responses: crisisResponses,
      accessors,
      logger,
      exemptLabels: crisisFollowUp,
      replyFor: risk.crisisReplyFor,
    }),
  );
  adapter.use(risk.middleware);

  const trust = new ProxyTrust(config.TRUSTED_PROXIES);
  const routeContext: RouteContext = { config, adapter, bot, logger, content, trust };
  const disposers: RouteDisposer[] = [];
  const routes = (overrides.routes ?? []).map((register) => (server: Server) => {
    const dispose = register(server, routeContext);
    if (dispose) disposers.push(dispose);
  });
  const metricsRoutes = metricsEndpoint(config, logger);
  const http = createServer({ config, adapter, bot, logger, trust, isReady: () => storageIsReady(storage), routes: [escalation.registerRoutes, (server) => metricsRoutes.register(server), ...routes] });

  return {
    content,
    bot,
    http,
    listen(port = config.PORT, host = config.HOST) {
      return new Promise((resolve, reject) => {
        http.server.once('error', reject);
        http.server.listen(port, host, () => {
          const address = http.server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async close() {
      // Features first: their turns may still reply through this server.
      for (const dispose of disposers) await dispose();
      await http.close();
      await metricsRoutes.close();
      await escalation.close();
      await catalog.close();
      await meetings.close();
      if ('close' in storage && typeof storage.close === 'function') await (storage as { close(): Promise<void> | void }).close();
    },
  };
}

/**
 * The detector with its answers for our own phrases decided once (knownPhrases.ts). A
 * message read together with the one before goes to the detector itself: that answer
 * depends on more than the words.
 */
function knownPhrasesFirst(detect: DetectCrisis, phrases: Iterable<string>): DetectCrisis {
  const alone = withKnownPhrases((text: string) => detect(text), phrases);
  return (text, previous) => (previous && previous.length > 0 ? detect(text, previous) : alone(text));
}

/** The crisis detector, loaded lazily so the module graph stays small in unit tests. */
async function defaultDetector(): Promise<DetectCrisis> {
  const { readCrisis } = await import('./domain/safety/crisisDetector.js');
  return (text, previous) => {
    const { signal, carry } = readCrisis(text, previous);
    return { kinds: signal?.kinds ?? [], carry };
  };
}

function knownPhrasesRecognizer(recognizer: Recognizer, phrases: readonly string[]): Recognizer {
  // One table per language: the same words can mean another intent to the other language's model.
  const byLocale = perLocale((locale) => withKnownPhrases((text) => recognizer.recognize(text, locale), phrases));
  return { recognize: (text, locale = DEFAULT_LOCALE) => byLocale[locale](text) };
}

/** The intent recognizer trained from CONTENT_DIR/intents.json (the shared, cached one for the default data directory). */
function recognizerFor(dataDir: string): IntentRecognizer {
  const intentsPath = join(dataDir, 'intents.json');
  return intentsPath === DEFAULT_INTENTS_PATH ? IntentRecognizer.default() : IntentRecognizer.fromFile(intentsPath);
}
