import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { DatasetLoader } from '../src/engine/data/load';
import { installNodeWebGpu } from '../src/kernels/node-gpu';
import type { BackendInfo } from '../src/workers/backend-choice';
import { ComputeRuntime } from '../src/workers/compute-runtime';
import { benchDistances } from './distances';
import { benchDistillation } from './distillation';
import { benchDistributed } from './distributed';
import { benchBundle } from './bundle';
import {
  benchInt8Matmul,
  benchPruning,
  benchPruningCnn,
  benchQuantization,
  benchQuantizationCnn,
} from './compression';
import { benchMatmul } from './matmul';
import { benchPca } from './reduction';
import { benchPipeline } from './pipeline';
import { benchTuning } from './tuning';
import { printTable } from './timing';
import { benchTraining } from './training';

const sections = [
  'platform',
  'tuning',
  'dimensionality',
  'reduction',
  'distillation',
  'quantization',
  'pruning',
  'quantization-cnn',
  'pruning-cnn',
  'distributed',
  'pipeline',
] as const;

/**
 * `npm run bench [-- section ...]`: prints tables and writes its sections into bench/results.json
 * (others are kept). Never part of the pass/fail run. Everything runs in Node on this machine's
 * WebGPU adapter (Dawn), WASM and CPU, except the bundle sizes, measured by loading the built app
 * in Chromium. Sections: platform (matmul, training speed, backend choice, bundle),
 * tuning (trials per minute with 1 and 2 workers, in Chromium), dimensionality (pairwise
 * distances), reduction (PCA of MNIST vs scikit-learn and ml-pca),
 * distillation, quantization (PTQ and QAT accuracy and sizes; int8 vs float32 kernel), pruning,
 * distributed (samples/s and speed-up of 1, 2 and 4 worker threads, and the core count);
 * quantization-cnn and pruning-cnn rerun only those sections' CNN rows (the MLP rows are kept).
 * pipeline (throughput of each input pipeline, map and training costs balanced).
 */
export async function main(argv: string[]): Promise<number> {
  const chosen = argv.length > 0 ? argv : [...sections];
  const unknown = chosen.filter((s) => !(sections as readonly string[]).includes(s));
  if (unknown.length > 0) {
    console.error(`Unknown section ${unknown.join(', ')}; sections: ${sections.join(', ')}`);
    return 2;
  }
  const runtime = new ComputeRuntime({ gpu: await installNodeWebGpu() });
  const auto = await runtime.init('auto');
  await runtime.init('webgpu');
  const adapter = runtime.gpu?.description.name ?? 'none';
  const machine = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    adapter,
  };
  console.log(
    `Machine: ${machine.cpus} x ${machine.cpu}; WebGPU adapter: ${adapter}; Node ${machine.node}`,
  );

  const loader = new DatasetLoader({
    read: async (file) => new Uint8Array(await readFile(`static/data/${file}`)),
  });
  const results: Record<string, unknown> = await readFile('bench/results.json', 'utf8').then(
    JSON.parse,
    () => ({}),
  );
  results.machine = machine;
  if (chosen.includes('platform')) Object.assign(results, await platform(runtime, auto, loader));
  if (chosen.includes('tuning')) results.tuning = await benchTuning();
  if (chosen.includes('dimensionality')) {
    await runtime.init('webgpu');
    results.distances = await benchDistances(4096, 256, 2);
  }
  if (chosen.includes('reduction')) {
    const device = runtime.gpu?.device;
    await runtime.init('wasm');
    results.pca = await benchPca(loader, device ? { device, adapter } : undefined);
  }
  if (chosen.includes('distillation')) {
    await runtime.init('auto');
    results.distillation = {
      backend: runtime.info?.backend,
      runs: await benchDistillation(loader, [1, 2, 3]),
    };
  }
  if (chosen.includes('quantization')) {
    await runtime.init('webgpu');
    const kernel = await benchInt8Matmul(runtime.gpu!.device, [256, 512, 1024], 3);
    await runtime.init('auto');
    results.quantization = {
      backend: runtime.info?.backend,
      kernel,
      runs: await benchQuantization(loader, [1, 2]),
    };
  }
  if (chosen.includes('pruning')) {
    await runtime.init('auto');
    results.pruning = { backend: runtime.info?.backend, runs: await benchPruning(loader, [1, 2]) };
  }
  for (const [section, key, bench] of [
    ['quantization-cnn', 'quantization', benchQuantizationCnn],
    ['pruning-cnn', 'pruning', benchPruningCnn],
  ] as const) {
    if (!chosen.includes(section)) continue;
    await runtime.init('auto');
    const kept = results[key] as { runs?: { model?: string }[] } | undefined;
    const mlp = (kept?.runs ?? []).filter((run) => run.model !== 'cnn');
    const cnn = await bench(loader, [1, 2]);
    results[key] = { ...kept, backend: runtime.info?.backend, runs: [...mlp, ...cnn] };
  }
  if (chosen.includes('distributed')) results.distributed = await benchDistributed(loader);
  if (chosen.includes('pipeline')) {
    await runtime.init('auto');
    results.pipeline = await benchPipeline(loader, [1, 2, 3]);
  }
  await writeFile('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nWrote bench/results.json');
  return 0;
}

async function platform(runtime: ComputeRuntime, auto: BackendInfo, loader: DatasetLoader) {
  const matmul = await benchMatmul([256, 512, 1024], 3);
  printTable(
    'Matmul n x n, same WebGPU adapter: our tiled WGSL kernel vs tfjs-backend-webgpu matMul (median of 3)',
    ['n', 'ours ms', 'tfjs ms', 'tfjs / ours'],
    matmul.map((r) => [
      r.size,
      r.oursMs.toFixed(1),
      r.tfjsMs.toFixed(1),
      `${r.speedup.toFixed(2)}x`,
    ]),
  );

  const training = await benchTraining(runtime, ['webgpu', 'wasm', 'cpu'], loader, 2048);
  const fastest = training.reduce((best, r) => (r.stepsPerSecond > best.stepsPerSecond ? r : best));
  const chosen = training.find((r) => r.backend === auto.backend);
  printTable(
    'Training an MLP 784-128-64-10 on MNIST (Adam, batch 64), per backend',
    ['backend', 'steps/s', 'ms/step'],
    training.map((r) => [r.backend, r.stepsPerSecond.toFixed(1), r.stepMs.toFixed(1)]),
  );
  const ratio = chosen ? chosen.stepsPerSecond / fastest.stepsPerSecond : 0;
  console.log(
    `\nAutomatic choice: ${auto.backend} (${auto.reason}).\nFastest measured: ${fastest.backend}. Automatic / fastest = ${(100 * ratio).toFixed(0)}% (target: within 10%).`,
  );

  const bundle = await benchBundle('/');
  printTable(
    'JavaScript of the home route, gzip (target: page at most 150 KB; tfjs loads only in the worker)',
    ['route', 'page KB', 'worker KB'],
    [
      [
        bundle.route,
        (bundle.pageJsGzip / 1024).toFixed(1),
        (bundle.workerJsGzip / 1024).toFixed(1),
      ],
    ],
  );

  return {
    matmul,
    training,
    automatic: { backend: auto.backend, reason: auto.reason, fastest: fastest.backend, ratio },
    bundle,
  };
}
