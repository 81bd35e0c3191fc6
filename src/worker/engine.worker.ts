import { expose } from 'comlink';
import { createEngineHost } from './host';

// A thin host: one engine per worker, every call forwarded to it.
expose(createEngineHost(), self);
