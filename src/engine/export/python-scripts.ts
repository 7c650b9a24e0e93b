/**
 * Runnable TensorFlow / Keras / scikit-learn scripts that redo a lab's experiment at full scale
 * with the libraries its technique comes from, one module per family of labs.
 */
export { pruningScript, quantizationScript } from './python-compression';
export { distillationScript } from './python-distillation';
export { nasScript, tuningScript } from './python-search';
export { reductionScript, trainScript } from './python-train';
export { distributedScript, pipelineScript } from './python-scale';
