/**
 * Pruning schedules of TensorFlow Model Optimization (tfmot.sparsity.keras, pruning_schedule.py):
 * at each training step, whether the masks are recomputed and at which sparsity.
 *
 * Both schedules prune at step s only when
 *   s >= beginStep and (s <= endStep or endStep = -1) and (s - beginStep) mod frequency = 0
 * (TF MOT's `_should_prune_in_step`, with a floored modulo as `tf.math.floormod`).
 */

/** The same sparsity at every pruning step (tfmot.sparsity.keras.ConstantSparsity). */
export interface ConstantSparsity {
  /** Share of weights set to zero, in [0, 1). */
  targetSparsity: number;
  beginStep: number;
  /** Last step at which to prune, inclusive; -1 = pruning never ends. */
  endStep: number;
  /** Prune every `frequency` steps from beginStep (TF MOT's default: 100). */
  frequency: number;
}

/**
 * Sparsity rising from initialSparsity to finalSparsity (tfmot.sparsity.keras.PolynomialDecay,
 * after Zhu & Gupta, "To prune, or not to prune", 2017):
 *   p = min(1, max(0, (s - beginStep) / (endStep - beginStep)))
 *   sparsity(s) = finalSparsity + (initialSparsity - finalSparsity) (1 - p)^power
 * Fast at first, then levelling off at finalSparsity; the value is clamped outside the range.
 */
export interface PolynomialDecay {
  initialSparsity: number;
  finalSparsity: number;
  beginStep: number;
  /** Last step at which to prune, inclusive; must be > beginStep (the decay needs an end). */
  endStep: number;
  /** Exponent of the decay (TF MOT's default: 3). */
  power: number;
  frequency: number;
}

/** Either schedule; the two are told apart by `targetSparsity`, which only ConstantSparsity has. */
export type PruningSchedule = ConstantSparsity | PolynomialDecay;

/** Whether `schedule` is a ConstantSparsity. */
export function isConstantSparsity(schedule: PruningSchedule): schedule is ConstantSparsity {
  return 'targetSparsity' in schedule;
}

/** What the schedule says at one step: whether to recompute the masks, and the sparsity. */
export interface ScheduleStep {
  shouldPrune: boolean;
  sparsity: number;
}

/**
 * Throws unless `value` is a sparsity in [0, 1) (TF MOT's `_validate_sparsity`); 1 is refused with
 * its own message, since it would prune every weight.
 */
export function validateSparsity(value: number, name: string): void {
  if (value === 1)
    throw new Error(
      `A target sparsity of 100% would remove every weight (${name} = 1), leaving a model that ` +
        'outputs only its biases; choose a value below 1, for example 0.95.',
    );
  if (!(value >= 0 && value < 1))
    throw new Error(`${name} must be in [0, 1) (a share of weights); got ${value}.`);
}

function validateSteps(schedule: PruningSchedule): void {
  const { beginStep, endStep, frequency } = schedule;
  if (!Number.isInteger(beginStep) || beginStep < 0)
    throw new Error(`beginStep must be an integer >= 0; got ${beginStep}.`);
  if (!Number.isInteger(endStep))
    throw new Error(`endStep must be an integer (-1 = never ends); got ${endStep}.`);
  if (!isConstantSparsity(schedule)) {
    if (endStep === -1)
      throw new Error('endStep cannot be -1 for a polynomial decay: the decay needs an end step.');
    if (endStep <= beginStep)
      throw new Error(
        `beginStep (${beginStep}) must be before endStep (${endStep}): ` +
          'the decay divides by endStep - beginStep.',
      );
  } else if (endStep !== -1) {
    if (endStep < 0) throw new Error(`endStep must be -1 or >= 0; got ${endStep}.`);
    // TF MOT allows beginStep = endStep here: one pruning step, a one-shot prune.
    if (endStep < beginStep)
      throw new Error(`beginStep (${beginStep}) must not be after endStep (${endStep}).`);
  }
  if (!Number.isInteger(frequency) || frequency < 1)
    throw new Error(`frequency must be an integer >= 1 (prune every n steps); got ${frequency}.`);
}

/**
 * Checks a schedule as TF MOT's constructors do (plus integer steps), throwing an Error that says
 * what is wrong: sparsities in [0, 1), beginStep >= 0, endStep -1 (constant only) or >= beginStep
 * (> beginStep for the polynomial decay), frequency >= 1.
 */
export function validateSchedule(schedule: PruningSchedule): void {
  validateSteps(schedule);
  if (isConstantSparsity(schedule)) validateSparsity(schedule.targetSparsity, 'targetSparsity');
  else {
    validateSparsity(schedule.initialSparsity, 'initialSparsity');
    validateSparsity(schedule.finalSparsity, 'finalSparsity');
    if (!Number.isFinite(schedule.power))
      throw new Error(`power must be a finite number; got ${schedule.power}.`);
  }
}

/** TF MOT's `_should_prune_in_step` for an integer step. */
export function shouldPruneAt(schedule: PruningSchedule, step: number): boolean {
  const { beginStep, endStep, frequency } = schedule;
  const inRange = step >= beginStep && (step <= endStep || endStep < 0);
  const offset = step - beginStep;
  const floorMod = ((offset % frequency) + frequency) % frequency;
  return inRange && floorMod === 0;
}

/**
 * The schedule at an integer training step, as TF MOT's `schedule(step)` returns it: the sparsity
 * is defined at every step (constant, or the clamped polynomial), and shouldPrune says whether the
 * masks are recomputed at this step. Throws when the schedule is invalid (see validateSchedule).
 */
export function sparsityAt(schedule: PruningSchedule, step: number): ScheduleStep {
  validateSchedule(schedule);
  const shouldPrune = shouldPruneAt(schedule, step);
  if (isConstantSparsity(schedule)) return { shouldPrune, sparsity: schedule.targetSparsity };
  const { initialSparsity, finalSparsity, beginStep, endStep, power } = schedule;
  const p = Math.min(1, Math.max(0, (step - beginStep) / (endStep - beginStep)));
  const sparsity = finalSparsity + (initialSparsity - finalSparsity) * Math.pow(1 - p, power);
  return { shouldPrune, sparsity };
}
