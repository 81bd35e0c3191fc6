/** Types for the `k-bucket` package (v5), used by the Kademlia differential test and benchmark. */
declare module 'k-bucket' {
  import { EventEmitter } from 'node:events';

  export interface Contact {
    id: Uint8Array;
    vectorClock?: number;
    [extra: string]: unknown;
  }

  export interface KBucketOptions {
    localNodeId?: Uint8Array;
    numberOfNodesPerKBucket?: number;
    numberOfNodesToPing?: number;
    distance?: (a: Uint8Array, b: Uint8Array) => number;
    arbiter?: (incumbent: Contact, candidate: Contact) => Contact;
    metadata?: object;
  }

  export default class KBucket<C extends Contact = Contact> extends EventEmitter {
    constructor(options?: KBucketOptions);
    localNodeId: Uint8Array;
    add(contact: C): this;
    closest(id: Uint8Array, n?: number): C[];
    count(): number;
    get(id: Uint8Array): C | null;
    remove(id: Uint8Array): this;
    toArray(): C[];
    static distance(a: Uint8Array, b: Uint8Array): number;
  }
}
