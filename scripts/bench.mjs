// npm run bench: builds the app (the bundle-size row loads it), then runs bench/main.ts.
import { ensureNodeModules, sh } from './ensure.mjs';
import { runTs } from './run-ts.mjs';

ensureNodeModules();
if (sh('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) process.exit(1);
process.exit(await runTs('/bench/main.ts', process.argv.slice(2)));
