// Runs a TypeScript module of this project in Node through Vite's module runner, so the CLI and
// the benchmarks load exactly the code the app bundles (including `?raw` WGSL imports).
import { existsSync } from 'node:fs';
import { createServer, createServerModuleRunner } from 'vite';

// WebGPU in Node finds SwiftShader through the Vulkan driver shipped in Debian's chromium.
const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftShader))
  process.env.VK_ICD_FILENAMES = swiftShader;

/** Imports `path` (relative to the project root) and calls its `main(argv)`; returns its exit code. */
export async function runTs(path, argv) {
  const server = await createServer({
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
  try {
    const module = await runner.import(path);
    return await module.main(argv);
  } finally {
    await runner.close();
    await server.close();
  }
}
