/// <reference lib="webworker" />
import { expose, transfer } from 'comlink';
import { createMapWorkerApi, outputBuffers } from '../engine/pipeline/map-stage';
import type { MapWorkerApi } from '../engine/pipeline/types';

/** A /pipeline map worker in the browser: decodes and augments shards for the compute worker. */
const api = createMapWorkerApi();
const exposed: MapWorkerApi = {
  init: (setup) => api.init(setup),
  map: async (task) => {
    const output = await api.map(task);
    return transfer(output, outputBuffers(output));
  },
};
expose(exposed);
