import type { NasSettings } from '../nas/settings';
import { CELL_EDGES } from '../nas/types';
import { buildSpace, type TuningSettings } from '../tuning/settings';
import { pythonDataset, pythonSplit } from './python-data';
import { kerasOptimizer, lines, logitsLoss, preamble, py, SKLEARN_IMPORT } from './python-source';

/**
 * Runnable scripts for the search labs: KerasTuner's tuners over /tuning's space, and /nas's
 * space as a KerasTuner HyperModel. The tests compile them and compare the defaults with goldens.
 */

/** Python that makes the /tuning data as the lab does (noise 0.1), split 60 / 20 / 20, scaled. */
function tuningData(s: TuningSettings): string[] {
  return [
    ...pythonDataset(s.dataset, s.samples, 0.1, s.seed),
    ...pythonSplit(0.2, 0.2, true, s.seed),
    'scaler = sklearn.preprocessing.StandardScaler().fit(x_train)',
    'x_train, x_val, x_test = (scaler.transform(v) for v in (x_train, x_val, x_test))',
    'classes = int(y.max()) + 1',
  ];
}

/** One hyperparameter of the /tuning space in KerasTuner's hp API (fixed ones as hp.Fixed). */
function hyperparameter(name: string, s: TuningSettings): string {
  const { space, fixed } = buildSpace(s);
  const pyName: Record<string, string> = {
    learningRate: 'learning_rate',
    batchSize: 'batch_size',
    units: 'units',
    layers: 'layers',
    activation: 'activation',
    initializer: 'initializer',
    dropout: 'dropout',
    l2: 'l2',
  };
  const kerasValue = (v: number | string) =>
    name === 'initializer'
      ? py(
          { glorotUniform: 'glorot_uniform', heNormal: 'he_normal', lecunNormal: 'lecun_normal' }[
            v as string
          ] ?? v,
        )
      : py(v);
  if (name in fixed) return `hp.Fixed(${py(pyName[name])}, ${kerasValue(fixed[name])})`;
  const d = space.find((dim) => dim.name === name)!;
  if (d.kind === 'choice')
    return `hp.Choice(${py(pyName[name])}, [${d.options.map(kerasValue).join(', ')}])`;
  const sampling = d.log ? ", sampling='log'" : '';
  return d.kind === 'int'
    ? `hp.Int(${py(pyName[name])}, ${d.min}, ${d.max}${sampling})`
    : `hp.Float(${py(pyName[name])}, ${d.min}, ${d.max}${sampling})`;
}

/** /tuning: the lab's search space as a KerasTuner HyperModel, searched by each chosen tuner. */
export function tuningScript(s: TuningSettings): string {
  const objective =
    s.objective === 'accuracy'
      ? "kt.Objective('val_accuracy', 'max')"
      : "kt.Objective('val_loss', 'min')";
  const trials =
    s.budgetKind === 'trials' ? s.budget : Math.max(1, Math.round(s.budget / s.maxEpochs));
  const tuners: Record<TuningSettings['strategies'][number], string> = {
    grid: `kt.GridSearch(TuningModel(), objective=${objective}, max_trials=${trials}, seed=${s.seed}, directory='tuning', project_name='grid')`,
    random: `kt.RandomSearch(TuningModel(), objective=${objective}, max_trials=${trials}, seed=${s.seed}, directory='tuning', project_name='random')`,
    bayesian: `kt.BayesianOptimization(TuningModel(), objective=${objective}, max_trials=${trials}, num_initial_points=${s.initialTrials}, seed=${s.seed}, directory='tuning', project_name='bayesian')`,
    hyperband: `kt.Hyperband(TuningModel(), objective=${objective}, max_epochs=${s.maxEpochs}, factor=${s.eta}, seed=${s.seed}, directory='tuning', project_name='hyperband')`,
  };
  return lines([
    ...preamble(
      'Hyperparameter search (the /tuning lab) with KerasTuner',
      'tensorflow 2.x, keras-tuner >= 1.3, scikit-learn',
      ['import keras_tuner as kt', SKLEARN_IMPORT],
      s.seed,
    ),
    '',
    ...tuningData(s),
    '',
    'class TuningModel(kt.HyperModel):',
    '    """The lab\'s space: an Adam-trained MLP whose shape and training settings are searched."""',
    '',
    '    def build(self, hp):',
    `        units = ${hyperparameter('units', s)}`,
    `        activation = ${hyperparameter('activation', s)}`,
    `        initializer = ${hyperparameter('initializer', s)}`,
    `        dropout = ${hyperparameter('dropout', s)}`,
    `        l2 = ${hyperparameter('l2', s)}`,
    '        model = keras.Sequential([keras.Input(shape=(x_train.shape[1],))])',
    `        for _ in range(${hyperparameter('layers', s)}):`,
    '            model.add(layers.Dense(units, activation=activation, kernel_initializer=initializer,',
    '                                   kernel_regularizer=keras.regularizers.l2(l2)))',
    '            if dropout > 0:',
    '                model.add(layers.Dropout(dropout))',
    '        model.add(layers.Dense(classes))',
    `        model.compile(optimizer=keras.optimizers.Adam(${hyperparameter('learningRate', s)}), loss=${logitsLoss}, metrics=['accuracy'])`,
    '        return model',
    '',
    '    def fit(self, hp, model, *args, **kwargs):',
    `        return model.fit(*args, batch_size=${hyperparameter('batchSize', s)}, **kwargs)`,
    '',
    ...s.strategies.flatMap((strategy) => [
      `tuner = ${tuners[strategy]}`,
      ...(s.prune && strategy !== 'hyperband'
        ? [
            `# The lab can also stop unpromising trials early (median rule); here they run to ${s.maxEpochs} epochs.`,
          ]
        : []),
      `tuner.search(x_train, y_train, epochs=${s.maxEpochs}, validation_data=(x_val, y_val))`,
      'best = tuner.get_best_models(1)[0]',
      `print(${py(strategy)}, tuner.get_best_hyperparameters(1)[0].values, 'test', best.evaluate(x_test, y_test, verbose=0))`,
      '',
    ]),
  ]);
}

/** The /nas search space as a KerasTuner HyperModel's build (the cell's DAG, or the chain). */
function nasBuild(s: NasSettings): string[] {
  if (s.space === 'micro')
    return [
      `EDGES = ${py(CELL_EDGES.map((edge) => `n${edge[0]}-n${edge[1]}`))}`,
      '',
      'class SearchSpace(kt.HyperModel):',
      `    """The micro space: a cell of 4 nodes whose 6 edges each choose an op, stacked ${s.cells} time(s)."""`,
      '',
      '    def build(self, hp):',
      `        ops = [hp.Choice(edge, ${py(s.ops)}) for edge in EDGES]`,
      '        inputs = keras.Input(shape=(x_train.shape[1],))',
      `        h = layers.Dense(${s.width}, activation='relu')(inputs)  # the stem`,
      `        for _ in range(${s.cells}):`,
      '            nodes = [h, None, None, None]',
      '            for op, edge in zip(ops, EDGES):',
      "                a, b = (int(n) for n in edge.replace('n', '').split('-'))",
      "                if op == 'zero' or nodes[a] is None:",
      '                    continue',
      `                out = nodes[a] if op == 'skip' else layers.Dense(${s.width}, activation='relu')(nodes[a])`,
      '                nodes[b] = out if nodes[b] is None else layers.Add()([nodes[b], out])',
      '            if nodes[3] is None:',
      "                raise kt.errors.FailedTrialError('the cell does not connect its input to its output')",
      '            h = nodes[3]',
      '        model = keras.Model(inputs, layers.Dense(10)(h))',
    ];
  return [
    'class SearchSpace(kt.HyperModel):',
    '    """The macro space: a chain of dense layers, each with its width, activation and skip."""',
    '',
    '    def build(self, hp):',
    '        inputs = keras.Input(shape=(x_train.shape[1],))',
    '        h = inputs',
    `        for i in range(hp.Int('layers', ${s.minLayers}, ${s.maxLayers})):`,
    `            width = hp.Choice(f'width_{i}', ${py(s.widths)})`,
    `            out = layers.Dense(width, activation=hp.Choice(f'activation_{i}', ${py(s.activations)}))(h)`,
    ...(s.skips
      ? [
          "            if hp.Boolean(f'skip_{i}'):",
          '                # The identity when the widths match, else a linear projection.',
          '                same = h.shape[-1] == width',
          '                out = layers.Add()([out, h if same else layers.Dense(width, use_bias=False)(h)])',
        ]
      : []),
    '            h = out',
    '        model = keras.Model(inputs, layers.Dense(10)(h))',
  ];
}

/**
 * /nas: the lab's space as a KerasTuner HyperModel, searched by the tuners KerasTuner has (grid,
 * random, Bayesian) with full training of every candidate; the lab's regularized evolution and
 * REINFORCE have no KerasTuner tuner and are named in a comment.
 */
export function nasScript(s: NasSettings): string {
  const tuners: Partial<Record<NasSettings['strategies'][number], string>> = {
    grid: 'kt.GridSearch',
    random: 'kt.RandomSearch',
    bayesian: 'kt.BayesianOptimization',
  };
  const others = s.strategies.filter((name) => !(name in tuners));
  const searched = s.strategies.filter((name) => name in tuners);
  const runs = searched.length > 0 ? searched : (['random'] as const);
  return lines([
    ...preamble(
      `Neural architecture search (the /nas lab), ${s.space} space, with KerasTuner`,
      'tensorflow 2.x, keras-tuner >= 1.3, scikit-learn',
      ['import keras_tuner as kt', SKLEARN_IMPORT],
      s.seed,
    ),
    '',
    ...pythonDataset(s.dataset, 1797, 0, s.seed),
    ...pythonSplit(0.2, 0.2, true, s.seed),
    '',
    ...nasBuild(s),
    `        model.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    '        return model',
    '',
    ...(others.length > 0
      ? [
          `# KerasTuner has no tuner for: ${others.join(', ')} (the lab runs them)${searched.length > 0 ? '.' : '; random search, their baseline, runs here.'}`,
        ]
      : []),
    ...runs.flatMap((name) =>
      tuners[name]
        ? [
            `tuner = ${tuners[name]}(SearchSpace(), objective='val_accuracy', max_trials=${s.budget}, seed=${s.seed}, directory='nas', project_name=${py(name)})`,
            `tuner.search(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.epochs}, validation_data=(x_val, y_val))`,
            'best = tuner.get_best_models(1)[0]',
            `print(${py(name)}, tuner.get_best_hyperparameters(1)[0].values, 'parameters', best.count_params(), 'test', best.evaluate(x_test, y_test, verbose=0))`,
            '',
          ]
        : [],
    ),
  ]);
}
