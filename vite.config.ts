import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 4173, strictPort: false },
  build: {
    target: 'es2022',
    // The compute worker bundles tfjs (~1.6 MB); the page itself stays small.
    chunkSizeWarningLimit: 4096,
    // SvelteKit's prerender step dominates build time; the report of it is noise here.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
