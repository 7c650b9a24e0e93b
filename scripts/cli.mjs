// npm run cli -- <lab> [--config file.json] [--backend auto|webgpu|wasm|cpu] [--help]
import { runTs } from './run-ts.mjs';

const code = await runTs('/src/cli/main.ts', process.argv.slice(2));
// tfjs and Dawn keep handles open, so exit explicitly, once stdout (maybe a pipe) has flushed.
process.stdout.write('', () => process.exit(code));
