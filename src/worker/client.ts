import { releaseProxy, type Remote, wrap } from 'comlink';
import { createEngineHost } from './host';
import type { EngineApi, EngineClient } from './protocol';

/** How long a call may take before the engine counts as not answering. */
export const CALL_TIMEOUT_MS = 8000;

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
    const timer = setTimeout(
      () => reject(new EngineFailure(`The engine did not answer "${what}" within ${ms / 1000} s.`)),
      ms,
    );
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
      return withTimeout(fn(...args), CALL_TIMEOUT_MS, name).catch((e: unknown) => {
        if (e instanceof EngineFailure) fail(e.message);
        throw e;
      });
    };
  return {
    load: call('load'),
    seek: call('seek'),
    runTo: call('runTo'),
    reset: call('reset'),
    dispose() {
      remote[releaseProxy]();
      worker.terminate();
    },
  };
}

/**
 * The same engine in this thread: for tests, and where workers are unavailable.
 * Answers are structured-cloned, as postMessage does for the worker: a frame's view
 * shares objects with the live engine state, and must not change when the engine moves on.
 */
export function createInProcessClient(): ManagedClient {
  const host = createEngineHost();
  const call =
    <K extends keyof EngineApi>(name: K) =>
    async (...args: Parameters<EngineApi[K]>) =>
      structuredClone((host[name] as (...a: Parameters<EngineApi[K]>) => ReturnType<EngineApi[K]>)(...args));
  return { load: call('load'), seek: call('seek'), runTo: call('runTo'), reset: call('reset'), dispose() {} };
}
