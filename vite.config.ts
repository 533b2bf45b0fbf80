import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';

/**
 * A strict Content-Security-Policy for the built site: scripts only from our own origin (no
 * inline scripts, no eval), nothing from the network (the Live view's loopback WebSocket aside). Build-only, because Vite's dev server
 * injects an inline script for hot reload. Inline *styles* stay allowed: React Flow and
 * framer-motion position elements with style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // The Live view (`?live=`, docs/live.md) talks to the tap bridge on a loopback port, nothing else.
  // (A CSP source cannot name an IPv6 literal: `ws://[::1]:*` is refused as invalid by Chromium.)
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'brokerlab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Relative base: the built site works from any static host and any sub-path (/brokerlab/).
export default defineConfig({
  base: './',
  plugins: [
    react(),
    contentSecurityPolicy(),
    // Offline after the first visit: a service worker precaches the whole static site (app,
    // worker, scenario chunks). `prompt`: a new version waits until the learner accepts it, so an
    // update never reloads the page in the middle of a class. Registered from the app bundle
    // (no inline script, for the CSP).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'BrokerLab — NestJS microservices through message brokers',
        short_name: 'BrokerLab',
        description:
          'A visual simulator of NestJS microservices talking through Redis, NATS, RabbitMQ, MQTT, Kafka, TCP and gRPC.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f8fafc',
        theme_color: '#0f172a',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: 'icon-512-maskable.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,json,webmanifest}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
  },
});
