import { readFile } from 'node:fs/promises';
import { DatasetLoader, messageOf } from '../engine/data/load';
import type { UserFiles } from '../engine/lab';
import { labSettings } from '../engine/lab-settings';
import { labKernels, runLab, type LabName } from '../engine/labs';
import { describeSchema } from '../engine/settings/schema';
import { installNodeWebGpu } from '../kernels/node-gpu';
import { backendPreferences, type BackendPreference } from '../workers/backend-choice';
import { ComputeRuntime } from '../workers/compute-runtime';
import { nodeReplicas } from '../workers/node-replicas';
import { summarize } from './summaries';
import { availableParallelism } from 'node:os';
import { nodeMapWorkers } from '../workers/node-map-workers';

const usage = `Usage: npm run cli -- <lab> [--config file.json] [--file name=path ...] [--backend ${backendPreferences.join('|')}] [--help]

Runs a lab's engine entry point in Node, as the page's worker does, and prints the result as JSON.
Every setting has a default, so --config may hold only some settings, or be left out.
--file passes a file the lab reads, e.g. --file csv=data.csv for reduction's dataset "csv", or
--file model.json=model.json --file model.weights=model.weights.bin for train to evaluate a saved model.
Labs: ${Object.keys(labSettings).join(', ')}. \`npm run cli -- <lab> --help\` lists a lab's settings.`;

/** Parses argv into the lab, the config file, the backend and --help. */
function parseArgs(argv: string[]) {
  const args = {
    lab: null as string | null,
    config: null as string | null,
    backend: 'auto' as string,
    help: false,
    files: [] as string[],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--config') args.config = argv[++i] ?? '';
    else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length);
    else if (arg === '--backend') args.backend = argv[++i] ?? '';
    else if (arg === '--file') args.files.push(argv[++i] ?? '');
    else if (arg.startsWith('--backend=')) args.backend = arg.slice('--backend='.length);
    else if (!arg.startsWith('-') && args.lab === null) args.lab = arg;
    else throw new Error(`unknown argument "${arg}"`);
  }
  return args;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`Error: ${messageOf(error)}\n\n${usage}`);
    return 2;
  }
  if (args.lab === null) {
    console.log(usage);
    return args.help ? 0 : 2;
  }
  if (!(args.lab in labSettings)) {
    console.error(`Error: unknown lab "${args.lab}"; labs: ${Object.keys(labSettings).join(', ')}`);
    return 2;
  }
  const lab = args.lab as keyof typeof labSettings & LabName;
  const { schema, parse, title } = labSettings[lab];
  if (args.help) {
    console.log(
      `${title}: npm run cli -- ${lab} [--config file.json] [--backend ...]\n\nSettings (JSON keys of --config):\n${describeSchema(schema).join('\n')}`,
    );
    return 0;
  }
  if (!backendPreferences.includes(args.backend as BackendPreference)) {
    console.error(
      `Error: --backend "${args.backend}" is not one of ${backendPreferences.join(', ')}`,
    );
    return 2;
  }
  let config: Record<string, unknown> = {};
  if (args.config !== null) {
    try {
      config = JSON.parse(await readFile(args.config, 'utf8'));
    } catch (error) {
      console.error(`Error: cannot read --config ${args.config}: ${messageOf(error)}`);
      return 2;
    }
    if (!config || typeof config !== 'object' || Array.isArray(config)) {
      console.error(`Error: --config ${args.config} must hold a JSON object of settings`);
      return 2;
    }
  }
  const { issues } = parse(config);
  if (issues.length > 0) {
    for (const issue of issues) console.error(`Error: setting ${issue.key}: ${issue.message}`);
    return 2;
  }

  const files: UserFiles = {};
  for (const spec of args.files) {
    const [name, path] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    if (!name || !path) {
      console.error(`Error: --file needs name=path, got "${spec}"`);
      return 2;
    }
    try {
      // Weight shards are bytes; every other file the labs read is text.
      files[name] = path.endsWith('.bin')
        ? new Uint8Array(await readFile(path))
        : await readFile(path, 'utf8');
    } catch (error) {
      console.error(`Error: cannot read --file ${path}: ${messageOf(error)}`);
      return 2;
    }
  }
  const runtime = new ComputeRuntime({
    gpu:
      args.backend === 'webgpu' || args.backend === 'auto' ? await installNodeWebGpu() : undefined,
  });
  const backend = await runtime.init(args.backend as BackendPreference);
  console.error(`backend: ${backend.label} (${backend.reason})`);
  const data = new DatasetLoader({
    read: async (file) =>
      new Uint8Array(await readFile(new URL(`../../static/data/${file}`, import.meta.url))),
  });
  try {
    const result = await runtime.withKernels(
      labKernels[lab](config),
      (m) => console.error(m),
      async () =>
        runLab(lab, config, {
          data,
          files,
          replicas: lab === 'distributed' ? await nodeReplicas() : undefined,
          ...(lab === 'pipeline'
            ? { mapWorkers: await nodeMapWorkers(), hardwareConcurrency: availableParallelism() }
            : {}),
        }),
    );
    console.log(JSON.stringify({ lab, backend, result: summarize(lab, result) }, null, 2));
    return 0;
  } catch (error) {
    console.error(`Error: ${messageOf(error)}`);
    return 1;
  }
}
