import { z } from 'zod';
import { useNativeAsyncDialogs } from './dialogsNativeAsync.js';
import { shareDialogsComponentRegistration } from './dialogsTuning.js';

/**
 * The one switch for every change this bot makes to botbuilder's own code paths.
 *
 *   SDK_TUNING=on   (default) the tuning pieces below are in place
 *   SDK_TUNING=off  the plain SDK path: botbuilder and botbuilder-dialogs run as shipped
 *
 * SDK_TUNING_SKIP names pieces to leave out while the rest stay on; it exists for the
 * side-by-side bench (bench/http.bench.ts "pieces") that measures what each one is worth.
 *
 * Pieces (each measured in the production configuration, README "Tests and benchmarks"):
 *   nativeAsync         native async copies of botbuilder-dialogs' hot methods (dialogsNativeAsync.ts)
 *   sharedRegistration  one DialogsComponentRegistration for every dialog context (dialogsTuning.ts)
 *   connectorReuse      one ConnectorClient per destination instead of one per turn (adapterConnectors.ts)
 *   sharedScopeConfig   the dialog memory-scope configuration built once, not per turn (src/turn/bot.ts)
 */
export const SDK_TUNING_PIECES = [
  'nativeAsync',
  'sharedRegistration',
  'connectorReuse',
  'sharedScopeConfig',
] as const;
export type SdkTuningPiece = (typeof SDK_TUNING_PIECES)[number];

/** The environment settings, as src/config.ts validates them (spread into its schema). */
export const SdkTuningSchema = z.object({
  /** on (default) = the tuning pieces; off = botbuilder as shipped. */
  SDK_TUNING: z.enum(['on', 'off']).default('on'),
  /** Pieces left out while SDK_TUNING is on (comma-separated names; for measuring). */
  SDK_TUNING_SKIP: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter((s) => s.length > 0))
    .pipe(z.array(z.enum(SDK_TUNING_PIECES))),
});
export type SdkTuningSettings = z.infer<typeof SdkTuningSchema>;

/** Which pieces are on. */
export class SdkTuning {
  private readonly on: ReadonlySet<SdkTuningPiece>;

  constructor(pieces: Iterable<SdkTuningPiece>) {
    this.on = new Set(pieces);
  }

  static of(settings: SdkTuningSettings): SdkTuning {
    if (settings.SDK_TUNING === 'off') return SdkTuning.off;
    return new SdkTuning(SDK_TUNING_PIECES.filter((p) => !settings.SDK_TUNING_SKIP.includes(p)));
  }

  /** From the environment (for modules loaded before the configuration is); an invalid setting means the default, and loadConfig reports it. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): SdkTuning {
    const parsed = SdkTuningSchema.safeParse(env);
    return parsed.success ? SdkTuning.of(parsed.data) : SdkTuning.all;
  }

  static readonly all = new SdkTuning(SDK_TUNING_PIECES);
  static readonly off = new SdkTuning([]);

  has(piece: SdkTuningPiece): boolean {
    return this.on.has(piece);
  }

  get pieces(): SdkTuningPiece[] {
    return SDK_TUNING_PIECES.filter((p) => this.on.has(p));
  }
}

/**
 * Puts the process-wide pieces (those that change botbuilder-dialogs' prototypes and
 * modules) in place or takes them out, to match `tuning`. Returns the pieces that were
 * asked for and could not be put in place (a botbuilder-dialogs version they were not
 * written for): those run as shipped.
 */
export function applyProcessWideTuning(tuning: SdkTuning): SdkTuningPiece[] {
  const skipped: SdkTuningPiece[] = [];
  if (!useNativeAsyncDialogs(tuning.has('nativeAsync')) && tuning.has('nativeAsync')) skipped.push('nativeAsync');
  if (!shareDialogsComponentRegistration(tuning.has('sharedRegistration')) && tuning.has('sharedRegistration')) skipped.push('sharedRegistration');
  return skipped;
}
