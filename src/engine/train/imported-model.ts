import type * as tfl from '@tensorflow/tfjs-layers';
import type { UserFiles } from '../lab';
import { loadTfjsModel, type TfjsModelFiles } from '../models/tfjs-format';

/** The names under which the page hands /train a saved model to evaluate instead of training. */
export const MODEL_JSON_FILE = 'model.json';
export const MODEL_WEIGHTS_FILE = 'model.weights';

/** The saved model among the user's files (model.json's text and the joined weights), if any. */
export function importedModelFiles(files: UserFiles | undefined): TfjsModelFiles | null {
  const json = files?.[MODEL_JSON_FILE];
  const weights = files?.[MODEL_WEIGHTS_FILE];
  if (json === undefined) return null;
  if (typeof json !== 'string' || !(weights instanceof Uint8Array))
    throw new Error('A saved model needs model.json (text) and its weights (bytes)');
  return { json, weights };
}

/** Sizes as text, the batch dimension left out: [null, 28, 28, 1] -> '28 x 28 x 1'. */
function shapeText(shape: (number | null)[]): string {
  return shape.slice(1).join(' x ');
}

/**
 * Loads a saved model and checks that it fits the data: an input shape [rows, ...shape] for one
 * of `inputShapes` (the rows' features, and an image's [h, w, c] for image data: an MLP or a CNN
 * of another lab) and `outputs` units (classes, or 1 for regression). Returns the model and the
 * input shape it takes; throws an Error naming both shapes when none fits.
 */
export async function loadImportedModel(
  files: TfjsModelFiles,
  inputShapes: number[][],
  outputs: number,
): Promise<{ model: tfl.LayersModel; inputShape: number[] }> {
  const model = await loadTfjsModel(files);
  const input = model.inputs[0]?.shape ?? [];
  const output = model.outputs[0]?.shape ?? [];
  const inputShape = inputShapes.find(
    (shape) =>
      model.inputs.length === 1 &&
      input.length === shape.length + 1 &&
      shape.every((size, i) => input[i + 1] === size),
  );
  const fitsOutput = model.outputs.length === 1 && output.length === 2 && output[1] === outputs;
  if (inputShape === undefined || !fitsOutput) {
    model.dispose();
    throw new Error(
      `The saved model maps ${shapeText(input)} inputs to ${shapeText(output)} outputs; this data needs ${inputShapes[0].join(' x ')} to ${outputs}: choose the dataset and model it was trained on`,
    );
  }
  return { model, inputShape };
}
