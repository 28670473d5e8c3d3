/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import { defaultClientConditions, defaultServerConditions, defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/** The API during `dev`; in production the API itself serves this app at /admin. */
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000'
const apiPrefixes = ['/api', '/auth', '/oauth', '/verify', '/docs', '/transparency', '/complaints']

/**
 * Vite writes this into index.html (a `<meta property="csp-nonce">`); the API replaces it with a fresh nonce on
 * every response (api/src/modules/admin-ui/routes.ts), which PrimeVue gives the `<style>` elements of its theme.
 */
const cspNoncePlaceholder = '__CSP_NONCE__'

export default defineConfig({
  base: '/admin/',
  plugins: [vue()],
  html: { cspNonce: cspNoncePlaceholder },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    // Workspace packages (@credenciales/shared) from their TypeScript sources, bundled with the app.
    conditions: ['@credenciales/source', ...defaultClientConditions],
  },
  // The unit tests (Vitest) resolve as a server does.
  ssr: { resolve: { conditions: ['@credenciales/source', ...defaultServerConditions] } },
  server: {
    proxy: Object.fromEntries(apiPrefixes.map((prefix) => [prefix, { target: apiOrigin }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.mjs'],
  },
})
