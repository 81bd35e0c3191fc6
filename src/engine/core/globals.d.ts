// The engine compiles without DOM types; this is the one host function it uses,
// present in every runtime it runs in (browsers, workers, Node 17+).
declare function structuredClone<T>(value: T): T;
