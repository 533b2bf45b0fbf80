import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Relative base: the built site works from any static host and any sub-path (/brokerlab/).
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
  server: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
  },
});
