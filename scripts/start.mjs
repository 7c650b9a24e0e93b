// `npm start`: installs what is missing, builds the app, and serves the build on localhost.
import { ensureNodeModules, sh } from './ensure.mjs';

ensureNodeModules();
console.log('Building the app...');
const status = sh('npx', ['vite', 'build', '--logLevel', 'warn']);
if (status !== 0) process.exit(status);
// Prints "Serving the app at http://localhost:4173/" and runs until stopped (Ctrl+C).
process.exit(sh('node', ['scripts/serve.mjs', ...process.argv.slice(2)]));
