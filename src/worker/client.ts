import { proxy, releaseProxy, type Remote, wrap } from 'comlink';
import type { EngineApi, EngineClient } from './protocol';

/**
 * How long a call may take before the engine counts as not answering. A step may be heavy
 * (building a 100,000-node network takes seconds, and over 20 s on a busy machine); the
 * user sees progress meanwhile and can stop it, so the limit only catches a runaway engine.
 */
const CALL_TIMEOUT_MS = { load: 60_000, seek: 60_000, runTo: 60_000, reset: 60_000, explore: 60_000 } as const;

export interface ManagedClient extends EngineClient {
  /** Stop the engine for good: the worker is terminated and calls still waiting are rejected. */
  dispose(): void;
}

/** Thrown when the worker failed, did not answer in time, or was stopped. */
export class EngineFailure extends Error {
  override name = 'EngineFailure';
}

/**
 * The engine in a Web Worker behind comlink. `onFailure` is called once if the worker throws
 * outside a call or a call does not answer in time; the worker is then terminated at once
 * (a runaway scenario must not keep burning the CPU) and every call still waiting is
 * rejected, so nothing waits for an answer that cannot come. The UI offers a restart.
 */
export function createWorkerClient(onFailure: (message: string) => void): ManagedClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const remote: Remote<EngineApi> = wrap<EngineApi>(worker);
  const waiting = new Set<(e: EngineFailure) => void>();
  let stopped: string | null = null;
  const stop = (message: string) => {
    if (stopped !== null) return false;
    stopped = message;
    remote[releaseProxy]();
    worker.terminate();
    for (const reject of waiting) reject(new EngineFailure(message));
    waiting.clear();
    return true;
  };
  const fail = (message: string) => {
    if (stop(message)) onFailure(message);
  };
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    fail(`The engine crashed (${e.message || 'the worker failed to run'})`);
  });
  worker.addEventListener('messageerror', () => fail('The engine sent a message that could not be read'));
  const call =
    <K extends keyof EngineApi>(name: K) =>
    (...args: Parameters<EngineApi[K]>) => {
      if (stopped !== null) return Promise.reject(new EngineFailure(stopped));
      const fn = remote[name] as unknown as (...a: Parameters<EngineApi[K]>) => Promise<ReturnType<EngineApi[K]>>;
      const ms = CALL_TIMEOUT_MS[name];
      return new Promise<ReturnType<EngineApi[K]>>((resolve, reject) => {
        const settle = () => {
          clearTimeout(timer);
          waiting.delete(reject);
        };
        const timer = setTimeout(() => fail(`The engine gave no answer within ${ms / 1000} s, so it was stopped`), ms);
        waiting.add(reject);
        fn(...args).then(
          (v) => {
            settle();
            resolve(v);
          },
          (e: unknown) => {
            settle();
            reject(e);
          },
        );
      });
    };
  return {
    load: call('load'),
    seek: call('seek'),
    runTo: call('runTo'),
    reset: call('reset'),
    // The progress callback crosses to the worker as a comlink proxy (a function cannot be cloned).
    explore: (scenario, onProgress) => call('explore')(scenario, onProgress ? proxy(onProgress) : undefined),
    dispose() {
      stop('The engine was stopped');
    },
  };
}

/**
 * The engine in this thread, loaded on first use: the fallback where Web Workers are
 * unavailable. A separate chunk, so the first page load never carries the engine.
 */
export function createFallbackClient(): ManagedClient {
  const inner = import('./in-process').then((m) => m.createInProcessClient());
  return {
    load: async (...a) => (await inner).load(...a),
    seek: async (...a) => (await inner).seek(...a),
    runTo: async (...a) => (await inner).runTo(...a),
    reset: async (...a) => (await inner).reset(...a),
    explore: async (...a) => (await inner).explore(...a),
    dispose() {},
  };
}
