import { proxy, releaseProxy, type Remote, wrap } from 'comlink';
import type { EngineApi, EngineClient } from './protocol';

/**
 * How long a call may take before the engine counts as not answering. Loading builds the
 * scenario's first state (a 100,000-node network takes seconds on a slow machine), so it gets longer.
 */
const CALL_TIMEOUT_MS = { load: 60_000, seek: 20_000, runTo: 20_000, reset: 20_000, explore: 60_000 } as const;

export interface ManagedClient extends EngineClient {
  /** Stop the engine for good (the worker is terminated). */
  dispose(): void;
}

/** Thrown when the worker failed or did not answer in time. */
export class EngineFailure extends Error {
  override name = 'EngineFailure';
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new EngineFailure(`The engine did not answer "${what}" within ${ms / 1000} s.`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/**
 * The engine in a Web Worker behind comlink. `onFailure` is called once if the
 * worker throws outside a call or stops answering; the UI then offers a restart.
 */
export function createWorkerClient(onFailure: (message: string) => void): ManagedClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
  const remote: Remote<EngineApi> = wrap<EngineApi>(worker);
  let failed = false;
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    onFailure(message);
  };
  worker.addEventListener('error', (e) => fail(`The engine stopped: ${e.message || 'the worker failed to run.'}`));
  worker.addEventListener('messageerror', () => fail('The engine sent a message that could not be read.'));
  const call =
    <K extends keyof EngineApi>(name: K) =>
    (...args: Parameters<EngineApi[K]>) => {
      if (failed) return Promise.reject(new EngineFailure('The engine has stopped.'));
      const fn = remote[name] as unknown as (...a: Parameters<EngineApi[K]>) => Promise<ReturnType<EngineApi[K]>>;
      return withTimeout(fn(...args), CALL_TIMEOUT_MS[name], name).catch((e: unknown) => {
        if (e instanceof EngineFailure) fail(e.message);
        throw e;
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
      remote[releaseProxy]();
      worker.terminate();
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
