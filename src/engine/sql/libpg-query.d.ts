/** The Emscripten module inside `libpg-query` (its index starts loading on import; see pg.ts). */
declare module 'libpg-query/wasm/libpg-query.js' {
  const create: (options: { locateFile?: (path: string) => string }) => Promise<unknown>;
  export default create;
}
