import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  // Relative asset paths: the built dist/ works from any sub-path (GitHub Pages, a folder on a server).
  base: './',
  plugins: [
    react(),
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
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', manifest: true, sourcemap: false },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
