import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * The page's Content-Security-Policy. GitHub Pages cannot send headers, so the built page carries
 * it as a meta tag (which cannot set frame-ancestors, report-uri or sandbox). Only the SQL editor
 * needs more than 'self': CodeMirror writes its theme into a <style> element it creates, which
 * style-src must allow inline (a nonce in a static page is no secret). The transactions lab compiles
 * PostgreSQL's parser from WebAssembly, which script-src must allow ('wasm-unsafe-eval' permits
 * compiling wasm only, not eval). test/e2e/csp.spec.ts checks
 * that every lab, the editor, the explorer and export run under it with no violation.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** The policy in the built page only: the dev server injects inline scripts for hot reload. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'walkthrough-content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/** Each page's own words: its title and its description, by file name. */
const PAGES: Readonly<Record<string, { readonly title: string; readonly description: string }>> = {
  'index.html': {
    title: 'WALkthrough',
    description: 'WALkthrough: watch write-ahead logs, transactions and distributed hash tables work, step by step.',
  },
  'embed.html': { title: 'WALkthrough player', description: 'A WALkthrough scenario, step by step, in a compact player.' },
};

/**
 * Both pages' heads and bodies (the app, index.html, and the embedded player, embed.html) from one
 * source: the character set, the viewport, light and dark colour schemes, the icon, the page's
 * description and title (from PAGES), the root element React renders into, and the words shown
 * without JavaScript. Each page's own file keeps its entry script and any tag of its own.
 */
function sharedPageTags(): Plugin {
  return {
    name: 'walkthrough-shared-page-tags',
    transformIndexHtml: (_html, ctx) => {
      const page = PAGES[basename(ctx.filename)];
      if (page === undefined) throw new Error(`no title and description for ${ctx.filename} in vite.config.ts`);
      return [
        { tag: 'meta', attrs: { charset: 'UTF-8' }, injectTo: 'head-prepend' },
        { tag: 'meta', attrs: { name: 'viewport', content: 'width=device-width, initial-scale=1.0' }, injectTo: 'head-prepend' },
        { tag: 'meta', attrs: { name: 'color-scheme', content: 'light dark' }, injectTo: 'head-prepend' },
        { tag: 'link', attrs: { rel: 'icon', href: './icon.svg', type: 'image/svg+xml' }, injectTo: 'head-prepend' },
        { tag: 'meta', attrs: { name: 'description', content: page.description }, injectTo: 'head-prepend' },
        { tag: 'title', children: page.title, injectTo: 'head-prepend' },
        { tag: 'div', attrs: { id: 'root' }, injectTo: 'body-prepend' },
        { tag: 'noscript', children: 'WALkthrough needs JavaScript to run its simulations.', injectTo: 'body' },
      ];
    },
  };
}

export default defineConfig({
  // Relative asset paths: the built dist/ works from any sub-path (GitHub Pages, a folder on a server).
  base: './',
  plugins: [
    react(),
    sharedPageTags(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: null,
      manifest: {
        name: 'WALkthrough',
        short_name: 'WALkthrough',
        description: 'Watch database and peer-to-peer internals work, step by step.',
        theme_color: '#1b1f24',
        background_color: '#1b1f24',
        display: 'standalone',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        navigateFallback: 'index.html',
        // PostgreSQL's parser (913 KB of wasm) is not precached, so the other labs never fetch it; the
        // transactions lab's first fetch is kept for offline use. Its name carries a content hash.
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.endsWith('.wasm'),
            handler: 'CacheFirst',
            options: { cacheName: 'walkthrough-wasm', expiration: { maxEntries: 4 } },
          },
        ],
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    manifest: true,
    sourcemap: false,
    // Two pages: the app, and the compact player for iframes (src/embed/). Both carry the CSP meta
    // tag, and the service worker precaches both (globPatterns takes every built .html).
    // (`rolldownOptions` is Vite 8's name for `rollupOptions`.)
    rolldownOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        embed: fileURLToPath(new URL('embed.html', import.meta.url)),
      },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
