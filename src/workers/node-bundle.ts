import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const bundles = new Map<string, Promise<string>>();

/**
 * A worker entry (a .ts file) and everything it imports as one script for a Node worker thread,
 * built once per process and format: Node 20 cannot run TypeScript in a worker thread by itself.
 */
export function bundleForNode(entry: URL, format: 'esm' | 'cjs'): Promise<string> {
  const key = `${entry.href} ${format}`;
  let code = bundles.get(key);
  if (!code) {
    code = (async () => {
      const bundle = await rolldown({
        input: fileURLToPath(entry),
        platform: 'node',
        logLevel: 'silent',
      });
      const { output } = await bundle.generate({ format });
      await bundle.close();
      return output[0].code;
    })();
    bundles.set(key, code);
  }
  return code;
}
