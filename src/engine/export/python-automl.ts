import { modelSpace, type AutomlSettings } from '../automl/settings';
import type { Dimension } from '../tuning/space';
import { automlIngest, automlValidate } from './python-automl-table';
import { lines, preamble } from './python-source';

/** Batch size of every /automl model (src/engine/automl/run.ts). */
const BATCH = 32;
/** Random trials before the lab's Bayesian optimization fits its Gaussian process. */
const INITIAL_TRIALS = 5;

/** One range of the lab's model space by name (the script writes the same bounds). */
function range(name: string): Extract<Dimension, { kind: 'int' | 'float' }> {
  const dimension = modelSpace.find((d) => d.name === name);
  if (!dimension || dimension.kind === 'choice') throw new Error(`no range ${name} in modelSpace`);
  return dimension;
}

/**
 * Python for the feature steps (a ColumnTransformer learned on the training rows: impute and
 * standardize numbers, one-hot the most frequent categories), an optional SelectKBest, and
 * make_model(...): the pipeline with the lab's linear model or MLP for one point of the space.
 */
function automlModel(s: AutomlSettings): string[] {
  const select = s.selectFeatures > 0;
  return [
    '# 4. Features, learned on the training rows only.',
    'number_columns = [j for j, name in enumerate(inputs) if numeric(name)]',
    'category_columns = [j for j, name in enumerate(inputs) if not numeric(name)]',
    'features = sklearn.compose.ColumnTransformer([',
    `    ('numbers', sklearn.pipeline.make_pipeline(sklearn.impute.SimpleImputer(strategy='${s.impute}')${s.standardize ? ', sklearn.preprocessing.StandardScaler()' : ''}), number_columns),`,
    `    # The ${s.maxCategories} most frequent categories of each column, the rest in one "infrequent" column;`,
    "    # a missing category gets a '(missing)' column here, where the lab leaves its one-hot row all zero.",
    "    ('categories', sklearn.pipeline.make_pipeline(sklearn.impute.SimpleImputer(missing_values=None, strategy='constant', fill_value='(missing)'),",
    `                                                  sklearn.preprocessing.OneHotEncoder(max_categories=${s.maxCategories + 1}, handle_unknown='infrequent_if_exist')), category_columns),`,
    '])',
    ...(select
      ? [
          `# Feature selection: the ${s.selectFeatures} model inputs of highest ANOVA F (classes) or |correlation| (numbers:`,
          '# f_regression ranks by it) on the training rows.',
          'width = sklearn.base.clone(features).fit_transform(x[train], y[train]).shape[1]',
          "univariate = sklearn.feature_selection.f_classif if task == 'classification' else sklearn.feature_selection.f_regression",
          `select = [('select', sklearn.feature_selection.SelectKBest(univariate, k=min(${s.selectFeatures}, width)))]`,
        ]
      : []),
    '',
    `# 5. Models: a linear model (no hidden layer) or an MLP of ReLU layers, trained by Adam in batches of ${BATCH}`,
    `# for ${s.epochs} epochs with the L2 penalty l2 * sum w^2. scikit-learn's MLP stands in for the lab's network;`,
    '# it starts from Glorot-uniform weights where the lab uses He-normal.',
    "warnings.filterwarnings('ignore', category=sklearn.exceptions.ConvergenceWarning)  # every model trains all its epochs",
    '',
    'def make_model(family, units, layers, learning_rate, l2):',
    "    network = dict(hidden_layer_sizes=() if family == 'linear' else (units,) * layers, learning_rate_init=learning_rate,",
    `                   batch_size=${BATCH}, max_iter=EPOCHS, n_iter_no_change=EPOCHS, random_state=SEED)`,
    "    if task == 'classification':",
    `        model = sklearn.neural_network.MLPClassifier(alpha=${2 * BATCH} * l2, **network)  # alpha / (2 batch) = l2`,
    '    else:',
    '        # Half the squared error here, all of it in the lab: alpha / batch = l2. The target is standardized, as in the lab.',
    `        model = sklearn.compose.TransformedTargetRegressor(sklearn.neural_network.MLPRegressor(alpha=${BATCH} * l2, **network),`,
    '                                                           transformer=sklearn.preprocessing.StandardScaler())',
    `    return sklearn.pipeline.Pipeline([('features', sklearn.base.clone(features))${select ? ', *select' : ''}, ('model', model)])`,
    '',
    'def validation_score(params):',
    '    """The model trained on the training rows: its accuracy (R^2 for regression) on the validation rows."""',
    '    return make_model(**params).fit(x[train], y[train]).score(x[validation], y[validation])',
  ];
}

/** Python that searches the lab's space: ParameterSampler for random search, Optuna's GP otherwise. */
function automlSearch(s: AutomlSettings): string[] {
  const [units, layers, rate, l2] = ['units', 'layers', 'learningRate', 'l2'].map(range);
  const limit = s.timeLimit > 0;
  if (s.strategy === 'random')
    return [
      `# 6. Random search: ${s.trials} trials, each drawing the family, width, depth, learning rate and L2 as the lab does.`,
      'space = {',
      "    'family': ['linear', 'mlp'],",
      `    'units': scipy.stats.loguniform(${units.min - 0.5}, ${units.max + 0.5}),  # rounded below: log-uniform integers ${units.min}..${units.max}`,
      `    'layers': scipy.stats.randint(${layers.min}, ${layers.max + 1}),`,
      `    'learning_rate': scipy.stats.loguniform(${rate.min}, ${rate.max}),`,
      `    'l2': scipy.stats.uniform(${l2.min}, ${l2.max - l2.min}),`,
      '}',
      'trials = []',
      ...(limit ? ['started = time.perf_counter()'] : []),
      'for params in sklearn.model_selection.ParameterSampler(space, n_iter=TRIALS, random_state=SEED):',
      ...(limit
        ? [
            '    if time.perf_counter() - started >= TIME_LIMIT:  # no new model starts after the time limit',
            '        break',
          ]
        : []),
      `    params['units'] = int(min(${units.max}, max(${units.min}, round(params['units']))))`,
      '    trials.append((params, validation_score(params)))',
    ];
  return [
    `# 6. Bayesian optimization: ${Math.min(INITIAL_TRIALS, s.trials)} random trials, then a Gaussian process (Matern 5/2) picks each next`,
    `# model by (log) expected improvement, as in the lab (Optuna's GPSampler), ${s.trials} trials in all.`,
    'def objective(trial):',
    '    return validation_score({',
    "        'family': trial.suggest_categorical('family', ['linear', 'mlp']),",
    `        'units': trial.suggest_int('units', ${units.min}, ${units.max}, log=True),`,
    `        'layers': trial.suggest_int('layers', ${layers.min}, ${layers.max}),`,
    `        'learning_rate': trial.suggest_float('learning_rate', ${rate.min}, ${rate.max}, log=True),`,
    `        'l2': trial.suggest_float('l2', ${l2.min}, ${l2.max}),`,
    '    })',
    '',
    'optuna.logging.set_verbosity(optuna.logging.WARNING)',
    `sampler = optuna.samplers.GPSampler(n_startup_trials=${Math.min(INITIAL_TRIALS, s.trials)}, seed=SEED)`,
    "study = optuna.create_study(direction='maximize', sampler=sampler)",
    `study.optimize(objective, n_trials=TRIALS${limit ? ', timeout=TIME_LIMIT' : ''})`,
    'trials = [(trial.params, trial.value) for trial in study.trials]',
  ];
}

/** Python that scores the winner and the baseline on the test rows, and saves both outputs. */
const automlTest = (s: AutomlSettings) => [
  '# 7. The winner, trained on the training rows, on the held-out test rows against a trivial baseline.',
  'model = make_model(**best).fit(x[train], y[train])',
  ...(s.selectFeatures > 0
    ? [
        'print(f"feature selection kept {model[\'select\'].get_support().sum()} of {width} model inputs")',
      ]
    : []),
  'predicted = model.predict(x[test])',
  "if task == 'classification':",
  '    classes = model.classes_',
  '    positive = model.predict_proba(x[test])[:, 1] if len(classes) == 2 else None',
  "    baseline = sklearn.dummy.DummyClassifier(strategy='most_frequent').fit(x[train], y[train])",
  "    for name, guess, score in [('model', predicted, positive), ('baseline (majority class)', baseline.predict(x[test]), 0.5)]:",
  '        accuracy = sklearn.metrics.accuracy_score(y[test], guess)',
  "        f1 = sklearn.metrics.f1_score(y[test], guess, labels=classes, average='macro', zero_division=0)",
  "        auc = f', ROC AUC {sklearn.metrics.roc_auc_score(y[test] == classes[1], np.broadcast_to(score, len(test))):.4f}' if len(classes) == 2 else ''",
  "        print(f'{name}: accuracy {accuracy:.4f}, macro F1 {f1:.4f}{auc}')",
  "    print('confusion matrix (rows: truth, columns: prediction):', list(classes))",
  '    print(sklearn.metrics.confusion_matrix(y[test], predicted, labels=classes))',
  'else:',
  "    baseline = sklearn.dummy.DummyRegressor(strategy='mean').fit(x[train], y[train])",
  "    for name, guess in [('model', predicted), ('baseline (training mean)', baseline.predict(x[test]))]:",
  '        rmse = np.sqrt(sklearn.metrics.mean_squared_error(y[test], guess))',
  "        print(f'{name}: RMSE {rmse:.4g}, MAE {sklearn.metrics.mean_absolute_error(y[test], guess):.4g}, R^2 {sklearn.metrics.r2_score(y[test], guess):.4f}')",
  '',
  "joblib.dump(model, 'automl-pipeline.joblib')",
  "print('saved automl-pipeline.joblib: its predict() takes an object array of these columns, in order:', inputs)",
  "with open('automl-predictions.csv', 'w', newline='') as f:",
  '    writer = csv.writer(f)',
  "    binary = task == 'classification' and len(classes) == 2",
  "    writer.writerow(['row', 'truth', 'prediction', *([f'p({classes[1]})'] if binary else [])])",
  '    for k, row in enumerate(test):',
  "        truth, guess = (y[row], predicted[k]) if task == 'classification' else (f'{y[row]:.10g}', f'{predicted[k]:.6g}')",
  "        writer.writerow([row + 1, truth, guess, *([f'{positive[k]:.4f}'] if binary else [])])",
  "print('saved automl-predictions.csv: the test rows (numbered from 1 in the table), truth and prediction')",
];

/** The scikit-learn modules the script uses with these settings. */
function sklearnModules(s: AutomlSettings): string[] {
  return [
    'base',
    'compose',
    ...(s.dataset === 'csv' ? [] : ['datasets']),
    'dummy',
    'exceptions',
    ...(s.selectFeatures > 0 ? ['feature_selection'] : []),
    'impute',
    'metrics',
    ...(s.strategy === 'random' ? ['model_selection'] : []),
    'neural_network',
    'pipeline',
    'preprocessing',
  ].map((module) => `sklearn.${module}`);
}

/**
 * /automl as a scikit-learn pipeline: the lab's table (your CSV, or its built-in table), its
 * validation checks and thresholds, its 60 / 20 / 20 split, the feature steps as a ColumnTransformer
 * (and SelectKBest), the lab's search over linear and MLP models (random search by scikit-learn's
 * ParameterSampler, Bayesian optimization by Optuna's Gaussian process) with its trials, epochs,
 * time limit and seed, the winner on the test rows against a Dummy baseline, and the fitted
 * pipeline (joblib) and test predictions (CSV) saved.
 */
export function automlScript(s: AutomlSettings): string {
  const bayesian = s.strategy === 'bayesian';
  return lines([
    ...preamble(
      'AutoML pipeline (the /automl lab): validate a table, engineer features, search models, test the winner',
      `numpy, scipy, scikit-learn >= 1.2 (with joblib)${bayesian ? ', optuna >= 3.6 with torch (its GPSampler)' : ''}`,
      [
        `import collections, csv, io, math, sys${!bayesian && s.timeLimit > 0 ? ', time' : ''}, warnings`,
        'import joblib, scipy.stats',
        `import ${sklearnModules(s).join(', ')}`,
        ...(bayesian ? ['import optuna'] : []),
      ],
      s.seed,
      false,
    ),
    '',
    `SEED, TRIALS, EPOCHS = ${s.seed}, ${s.trials}, ${s.epochs}`,
    ...(s.timeLimit > 0 ? [`TIME_LIMIT = ${s.timeLimit}  # seconds`] : []),
    '',
    ...automlIngest(s),
    '',
    ...automlValidate(s),
    '',
    '# 3. Split the labelled rows 60 / 20 / 20 at random (numpy draws another split than the lab).',
    'labelled = np.flatnonzero(~missing(target))',
    'order = np.random.default_rng(SEED).permutation(labelled)',
    'a, b = int(len(order) * 0.6 + 0.5), int(len(order) * 0.8 + 0.5)',
    'train, validation, test = order[:a], order[a:b], order[b:]',
    'inputs = [name for name in names if name != target and name not in dropped]',
    'x = np.empty((rows, len(inputs)), dtype=object)',
    'for j, name in enumerate(inputs):',
    '    x[:, j] = table[name]',
    'y = table[target]',
    "print(f'{len(train)} training, {len(validation)} validation and {len(test)} test rows; {rows - len(labelled)} without a target left out; left out as flagged: {dropped}')",
    '',
    ...automlModel(s),
    '',
    ...automlSearch(s),
    '',
    'trials.sort(key=lambda trial: -trial[1])',
    'print(f\'leaderboard (validation {"accuracy" if task == "classification" else "R^2"}):\')',
    'for rank, (params, score) in enumerate(trials, 1):',
    "    name = 'linear' if params['family'] == 'linear' else f\"MLP {params['layers']} x {params['units']}\"",
    "    print(f\"  {rank}. {name}, learning rate {params['learning_rate']:.3g}, L2 {params['l2']:.3g}: {score:.3f}\")",
    'best = trials[0][0]',
    '',
    ...automlTest(s),
  ]);
}
