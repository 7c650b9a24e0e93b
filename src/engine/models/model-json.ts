import type * as tf from '@tensorflow/tfjs-core';

/**
 * Reading model.json of the TensorFlow.js layers format without tfjs itself (the page checks a
 * chosen model before a worker loads it): parse and check it, join its weight shards.
 */

/** The weights file a saved model's model.json names (one shard), as tfjs's own downloads name it. */
export const WEIGHTS_FILE = 'model.weights.bin';

/** What the playground writes into model.json's `userDefinedMetadata`: the run that made it. */
export interface PlaygroundMetadata {
  lab: string;
  settings: Record<string, unknown>;
  /** The dataset it learned, by the app's dataset names, when the lab does not choose one. */
  dataset?: string;
}

/** model.json parsed and checked: its topology, weight specs, shard paths and our metadata. */
export interface ParsedModelJson {
  modelJson: tf.io.ModelJSON;
  /** Shard file names in the order their bytes concatenate. */
  paths: string[];
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** Bytes the shards must hold together. */
  weightBytes: number;
  metadata: PlaygroundMetadata | null;
}

const bytesPerValue: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  float16: 2,
  uint8: 1,
  uint16: 2,
};

/** Bytes one manifest entry takes: product of its shape times the width of its stored dtype. */
function entryBytes(entry: tf.io.WeightsManifestEntry): number {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const width = bytesPerValue[dtype];
  if (width === undefined)
    throw new Error(`Weight '${entry.name}' has an unknown dtype '${dtype}'`);
  return entry.shape.reduce((product, size) => product * size, 1) * width;
}

/**
 * Parses a model.json; throws an Error that says what is wrong with a file that is not a
 * TensorFlow.js layers model (not JSON, a graph model, no topology or weights manifest).
 */
export function parseModelJson(text: string): ParsedModelJson {
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(text) as tf.io.ModelJSON;
  } catch {
    throw new Error('model.json is not JSON: choose the model.json the playground or tfjs saved');
  }
  if (modelJson === null || typeof modelJson !== 'object' || !modelJson.modelTopology)
    throw new Error('model.json has no modelTopology: it is not a TensorFlow.js model');
  if (modelJson.format !== undefined && modelJson.format !== 'layers-model')
    throw new Error(
      `model.json is a '${modelJson.format}', not a 'layers-model': only Keras-style layers models load here`,
    );
  if (!Array.isArray(modelJson.weightsManifest))
    throw new Error('model.json has no weightsManifest: it names no weights');
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const weightBytes = weightSpecs.reduce((sum, entry) => sum + entryBytes(entry), 0);
  const playground = (modelJson.userDefinedMetadata as { playground?: PlaygroundMetadata })
    ?.playground;
  const metadata =
    playground && typeof playground.lab === 'string' && typeof playground.settings === 'object'
      ? playground
      : null;
  return { modelJson, paths, weightSpecs, weightBytes, metadata };
}

/** Throws when the weights' bytes are not the size model.json describes. */
export function checkSize(bytes: number, parsed: ParsedModelJson): void {
  if (bytes !== parsed.weightBytes)
    throw new Error(
      `The weights hold ${bytes} bytes but model.json describes ${parsed.weightBytes}: the files do not belong together`,
    );
}

/**
 * Joins the shards model.json names, from the chosen files by name (the folder part of a path
 * ignored), in manifest order; throws naming a missing shard or a size that does not match.
 */
export function joinShards(parsed: ParsedModelJson, files: Map<string, Uint8Array>): Uint8Array {
  const shards = parsed.paths.map((path) => {
    const name = path.split('/').pop() ?? path;
    const shard = files.get(name);
    if (shard === undefined)
      throw new Error(`model.json needs '${name}': choose it together with model.json`);
    return shard;
  });
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  checkSize(total, parsed);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    joined.set(shard, offset);
    offset += shard.byteLength;
  }
  return joined;
}
