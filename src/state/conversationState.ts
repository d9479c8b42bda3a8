import { ConversationState, calculateChangeHash, type Storage, type TurnContext } from 'botbuilder';

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
  const { eTag: _eTag, ...rest } = state;
  try {
    return JSON.stringify(rest);
  } catch {
    return calculateChangeHash(state);
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
    context.turnState.set(this.cacheKey, { state, hash: changeKey(state) } satisfies Cached);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const loaded = context.turnState.get(this.cacheKey) as Cached | undefined;
    const current = loaded ? changeKey(loaded.state) : '';
    if (!force && (!loaded || loaded.hash === current)) return;
    const key = await this.storageKey(context);
    const cached = loaded ?? { state: {}, hash: '' };
    cached.state.eTag = '*';
    await this.storage.write({ [key]: cached.state });
    cached.hash = loaded ? current : changeKey(cached.state);
    context.turnState.set(this.cacheKey, cached);
  }
}
