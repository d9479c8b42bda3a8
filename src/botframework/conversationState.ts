import { ConversationState, calculateChangeHash, type Storage, type TurnContext } from 'botbuilder';
import type { SdkTuning } from './sdkTuning.js';
import { stringifyWithoutETag, takeReadJson, writingWithJson } from '../state/itemJson.js';

/** What BotState keeps in turnState under its state key (botbuilder-core's CachedBotState). */
interface Cached {
  state: Record<string, unknown>;
  hash: string;
}

/**
 * The state's JSON without its eTag: the change detector. botbuilder hashes the state
 * three times a turn (on load, before saving, after saving) with a replacer-driven
 * stringify and SHA-256; plain JSON.stringify is a third of the cost and comparing the
 * strings is as exact as comparing hashes. A state that cannot be plain JSON (a
 * circular reference) falls back to botbuilder's hash, which copes with it.
 */
function changeKey(state: Record<string, unknown>): string {
  return jsonOf(state) ?? calculateChangeHash(state);
}

/** The state's JSON without its eTag, or undefined when it cannot be JSON (a circular reference). */
function jsonOf(state: Record<string, unknown>): string | undefined {
  try {
    return stringifyWithoutETag(state);
  } catch {
    return undefined;
  }
}

/**
 * ConversationState with cheaper change detection, same contract: state loads once per
 * turn, saveChanges writes only when something changed (or when forced, or after
 * clear/delete), with eTag '*'. After a write the key computed before it is kept, as
 * Storage.write does not change the items it is given (eTag aside, which is not compared).
 */
export class FastConversationState extends ConversationState {
  constructor(storage: Storage, namespace?: string) {
    super(storage, namespace);
  }

  /** BotState's private turnState key, shared so get/clear/delete/property accessors keep working. */
  private get cacheKey(): symbol {
    return (this as unknown as { stateKey: symbol }).stateKey;
  }

  override async load(context: TurnContext, force = false): Promise<any> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] as Record<string, unknown> | undefined) ?? {};
    // The JSON the store parsed this from is the same string changeKey would make.
    context.turnState.set(this.cacheKey, { state, hash: takeReadJson(state) ?? changeKey(state) } satisfies Cached);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const loaded = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!force && !loaded) return;
    const key = await this.storageKey(context);
    // Serialized after the last await before the write, so the store can use this JSON.
    const json = loaded ? jsonOf(loaded.state) : undefined;
    const current = loaded ? (json ?? calculateChangeHash(loaded.state)) : '';
    if (!force && loaded?.hash === current) return;
    const cached = loaded ?? { state: {}, hash: '' };
    cached.state.eTag = '*';
    const write = () => this.storage.write({ [key]: cached.state });
    await (json !== undefined ? writingWithJson(cached.state, json, write) : write());
    cached.hash = loaded ? current : changeKey(cached.state);
    context.turnState.set(this.cacheKey, cached);
  }
}

/** FastConversationState, or botbuilder's own ConversationState when the fastState piece is off (SDK_TUNING). */
export function conversationStateFor(storage: Storage, tuning: SdkTuning): ConversationState {
  return tuning.has('fastState') ? new FastConversationState(storage) : new ConversationState(storage);
}
