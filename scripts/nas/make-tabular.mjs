// node scripts/nas/make-tabular.mjs [--limit N]: runs make-tabular.ts (see there).
import { runTs } from '../run-ts.mjs';

const code = await runTs('/scripts/nas/make-tabular.ts', process.argv.slice(2));
// tfjs keeps handles open, so exit explicitly once stdout has flushed.
process.stdout.write('', () => process.exit(code));
