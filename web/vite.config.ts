import { defineConfig } from 'vite';

// The web app is built into dist/web, which `chokepoint serve` serves at /.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  build: { outDir: new URL('../dist/web', import.meta.url).pathname, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
