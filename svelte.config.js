import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * BASE_PATH is the one setting for hosting under a sub-path, e.g. BASE_PATH=/ml-playground for a
 * project page at https://user.github.io/ml-playground/. Empty (the default) serves from the root.
 */
const base = process.env.BASE_PATH ?? '';
/** Where the static site is written; the sub-path test builds into its own folder. */
const outDir = process.env.BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: outDir, assets: outDir, fallback: '404.html', strict: true }),
    paths: { base },
    serviceWorker: { register: false },
  },
};

export default config;
