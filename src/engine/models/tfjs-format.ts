import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkSize, parseModelJson, WEIGHTS_FILE, type PlaygroundMetadata } from './model-json';

/**
 * A model in the TensorFlow.js layers format, as the two files `tf.LayersModel.save` writes to
 * disk: model.json (the Keras topology, the weights manifest and our metadata) and the weights'
 * bytes, little-endian float32 in the manifest's order.
 */
export interface TfjsModelFiles {
  json: string;
  weights: Uint8Array;
}

/** A Keras layer in a serialized topology: `{ class_name, config }`, containers nest `layers`. */
interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/**
 * Rewrites our SeededDropout layers as Keras `Dropout` with the same rate and seed. Both are the
 * identity at inference, so predictions do not change, and the file then loads in any
 * TensorFlow.js (and converts to Keras) without our custom class.
 */
function standardLayers(topology: unknown): unknown {
  if (Array.isArray(topology)) return topology.map(standardLayers);
  if (topology === null || typeof topology !== 'object') return topology;
  const entries = Object.entries(topology).map(([key, value]) => [key, standardLayers(value)]);
  const layer = Object.fromEntries(entries) as LayerJson;
  if (layer.class_name !== 'SeededDropout') return layer;
  const { rate, seed, name, trainable, dtype } = layer.config;
  return {
    class_name: 'Dropout',
    config: { name, trainable, dtype, rate, noise_shape: null, seed },
  };
}

/**
 * Saves a layers model as the two files of the TensorFlow.js format, with `metadata` (the run's
 * lab and settings) under model.json's `userDefinedMetadata.playground`.
 */
export async function saveTfjsModel(
  model: tfl.LayersModel,
  metadata: PlaygroundMetadata,
): Promise<TfjsModelFiles> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (artifacts?.weightData === undefined || artifacts.weightSpecs === undefined)
    throw new Error('The model saved no weights');
  const modelJson: tf.io.ModelJSON = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    modelTopology: standardLayers(artifacts.modelTopology) as object,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
    userDefinedMetadata: { playground: metadata as unknown as object },
  };
  const bytes = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  return { json: JSON.stringify(modelJson), weights: new Uint8Array(bytes) };
}

/**
 * Loads a model.json and its weights (every shard joined, see joinShards) back into a layers
 * model (the caller disposes it); throws when the sizes disagree or tfjs cannot build a layer.
 */
export async function loadTfjsModel(files: TfjsModelFiles): Promise<tfl.LayersModel> {
  const parsed = parseModelJson(files.json);
  const weights = files.weights;
  checkSize(weights.byteLength, parsed);
  const buffer = weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  ) as ArrayBuffer;
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: parsed.modelJson.modelTopology,
      weightSpecs: parsed.weightSpecs,
      weightData: buffer,
    }),
  );
}
