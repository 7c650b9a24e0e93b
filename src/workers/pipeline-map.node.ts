import { expose, transfer } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createMapWorkerApi, outputBuffers } from '../engine/pipeline/map-stage';
import type { MapWorkerApi } from '../engine/pipeline/types';

/** A /pipeline map worker as a Node worker thread (CLI, tests, bench): the browser worker's twin. */
const api = createMapWorkerApi();
const exposed: MapWorkerApi = {
  init: (setup) => api.init(setup),
  map: async (task) => {
    const output = await api.map(task);
    return transfer(output, outputBuffers(output));
  },
};
expose(exposed, nodeEndpoint(parentPort!));
