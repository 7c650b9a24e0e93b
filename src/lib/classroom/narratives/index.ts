import type { Narrative } from '../steps';
import { automlNarrative } from './automl';
import { dimensionalityNarrative } from './dimensionality';
import { distillationNarrative } from './distillation';
import { distributedNarrative } from './distributed';
import { nasNarrative } from './nas';
import { pipelineNarrative } from './pipeline';
import { pruningNarrative } from './pruning';
import { quantizationNarrative } from './quantization';
import { reductionNarrative } from './reduction';
import { trainNarrative } from './train';
import { tuningNarrative } from './tuning';

/** Every lab's presenter narrative, one file per lab, in the order of the labs' weeks. */
export const narratives: readonly Narrative[] = [
  trainNarrative,
  tuningNarrative,
  nasNarrative,
  automlNarrative,
  dimensionalityNarrative,
  reductionNarrative,
  quantizationNarrative,
  pruningNarrative,
  distributedNarrative,
  pipelineNarrative,
  distillationNarrative,
];

/** The narrative of the lab at `route` (as in `labs.ts`, without the base path), if it has one. */
export const narrativeFor = (route: string): Narrative | null =>
  narratives.find((narrative) => narrative.route === route) ?? null;
