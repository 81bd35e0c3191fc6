import type { ManagedClient } from './client';
import { createAsyncEngineHost } from './host';
import type { EngineApi } from './protocol';

// Its own module: importing it brings the whole engine along, which the page's first
// bundle must not carry (the worker has its own copy).

/**
 * The same engine in this thread: for tests, and where workers are unavailable.
 * Answers are structured-cloned, as postMessage does for the worker: a frame's view
 * shares objects with the live engine state, and must not change when the engine moves on.
 */
export function createInProcessClient(): ManagedClient {
  const host = createAsyncEngineHost();
  const call =
    <K extends keyof EngineApi>(name: K) =>
    async (...args: Parameters<EngineApi[K]>) =>
      structuredClone(await (host[name] as (...a: Parameters<EngineApi[K]>) => Promise<ReturnType<EngineApi[K]>>)(...args));
  return { load: call('load'), seek: call('seek'), runTo: call('runTo'), reset: call('reset'), explore: call('explore'), dispose() {} };
}
