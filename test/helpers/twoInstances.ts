import { once } from 'node:events';
import { startLikeNpmStart } from './childProcess.js';
import { RoundRobinProxy } from './roundRobinProxy.js';

export type Instance = Awaited<ReturnType<typeof startLikeNpmStart>>;

/**
 * Two bot processes started as `npm start` runs them, with one environment (one Redis),
 * behind a round-robin proxy with no sticky sessions: `front` is what a channel calls.
 */
export class TwoInstances {
  private constructor(
    readonly instances: Instance[],
    readonly proxy: RoundRobinProxy,
    readonly front: string,
  ) {}

  static async start(env: Record<string, string>, timeoutMs = 120_000): Promise<TwoInstances> {
    const started: Instance[] = [];
    // Each kept as soon as it listens, so a failed start still stops the other.
    const results = await Promise.allSettled([0, 1].map(() => startLikeNpmStart(env, timeoutMs).then((i) => (started.push(i), i))));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map(stopInstance));
      throw failed.reason;
    }
    const instances = results.map((r) => (r as PromiseFulfilledResult<Instance>).value);
    const proxy = new RoundRobinProxy(instances.map((i) => i.port));
    const front = `http://127.0.0.1:${await proxy.start()}`;
    return new TwoInstances(instances, proxy, front);
  }

  /** Kills one instance the hard way (no graceful stop: what a crash or an OOM kill does). */
  async kill(index: number): Promise<void> {
    const { child } = this.instances[index]!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.proxy.stop();
    await Promise.all(this.instances.map(stopInstance));
  }
}

async function stopInstance({ child }: Instance): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
