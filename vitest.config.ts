import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The kernel tests need a real WebGPU adapter in Node. Without a GPU, Dawn finds SwiftShader
// through the Vulkan driver file inside Debian's chromium package. This must be set here, in
// vitest's main process, so every test process inherits it.
const swiftShader = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(swiftShader))
  process.env.VK_ICD_FILENAMES = swiftShader;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'kernels',
          include: ['tests/kernels/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // One process: one GPU device for all kernel tests, as in a worker.
          fileParallelism: false,
        },
      },
    ],
  },
});
