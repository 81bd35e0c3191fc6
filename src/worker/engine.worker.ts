import { type Endpoint, expose } from 'comlink';
import { createAsyncEngineHost } from './host';

// A thin host: one engine per worker, every call forwarded to it. The app's
// tsconfig types `self` as a Window; in this file it is the worker's global scope.
expose(createAsyncEngineHost(), self as unknown as Endpoint);
