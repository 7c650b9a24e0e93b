import type { DimensionalitySettings } from '../dimensionality/settings';
import { logGrid } from '../math';
import { pythonDataset } from './python-data';
import { lines, preamble, py } from './python-source';

/** The lab's grids: 24 dimensions up to maxDimension, 30 feature counts up to maxFeatures. */
const DIMENSION_POINTS = 24;
const FEATURE_POINTS = 30;
/** The lab's Monte Carlo sample of the cube, and its test rows per class for the Hughes effect. */
const EMPTY_SPACE_SAMPLES = 20000;
const HUGHES_TEST_PER_CLASS = 500;

/** Python defining sample_points(n, d): the lab's points in d dimensions for its distribution. */
function samplePoints(s: DimensionalitySettings): string[] {
  if (s.distribution === 'uniform' || s.distribution === 'gaussian')
    return [
      'def sample_points(n, d):',
      s.distribution === 'uniform'
        ? '    return rng.uniform(0, 1, (n, d))  # uniform in the unit cube [0, 1)^d'
        : '    return rng.normal(0, 1, (n, d))  # standard Gaussian',
    ];
  return [
    ...(s.distribution === 'mnist'
      ? [
          'from tensorflow import keras  # to download MNIST',
          '# All 60,000 training digits; the lab samples its 10,000 shipped ones.',
        ]
      : []),
    ...pythonDataset(s.distribution, 10000, 0, s.seed),
    '# Standardized once (population std; a constant column keeps std 1, as in the lab).',
    'std = x.std(0)',
    'data = (x - x.mean(0)) / np.where(std > 1e-12, std, 1)',
    '',
    'def sample_points(n, d):',
    '    """n random rows: d random columns of the data, or all of them followed by N(0, 1) noise columns."""',
    '    columns = rng.permutation(data.shape[1])[:d]',
    '    rows = rng.integers(len(data), size=n)',
    '    noise = rng.normal(0, 1, (n, max(0, d - data.shape[1])))',
    '    return np.hstack([data[rows][:, columns], noise])',
  ];
}

/** Python for the concentration statistics at each dimension, printed as a table. */
function concentration(s: DimensionalitySettings): string[] {
  const closedForm = s.distribution === 'uniform' || s.distribution === 'gaussian';
  const theory =
    s.distribution === 'uniform'
      ? [
          '# Theory for independent points: each coordinate adds (x - y)^2 with mean 1/6 and variance 7/180.',
          'theory = lambda d: np.sqrt(1.4 / d)',
        ]
      : s.distribution === 'gaussian'
        ? [
            '# Theory for independent points: |x - y|^2 is 2 chi^2_d.',
            'theory = lambda d: np.sqrt(2 / d)',
          ]
        : ['theory = None  # no closed form for real data'];
  return [
    `# 1. Distance concentration: ${s.points} points at each d, all their pairwise distances.`,
    ...samplePoints(s),
    '',
    'def concentration(x):',
    '    """Relative contrast, CV (std / mean) of the distances and of their squares, nearest over mean distance."""',
    '    pairs = scipy.spatial.distance.pdist(x)  # the n (n - 1) / 2 distances, i < j',
    '    full = scipy.spatial.distance.squareform(pairs)',
    '    np.fill_diagonal(full, np.inf)',
    '    nearest = full.min(1)',
    '    np.fill_diagonal(full, 0)',
    '    farthest = full.max(1)',
    '    # (Dmax - Dmin) / Dmin of each point (0 for a point with a duplicate), averaged.',
    '    contrast = np.divide(farthest - nearest, nearest, out=np.zeros(len(x)), where=nearest > 0).mean()',
    '    cv = lambda v: v.std() / v.mean()',
    '    return contrast, cv(pairs), cv(pairs ** 2), nearest.mean() / pairs.mean()',
    '',
    ...theory,
    `print('d, relative contrast, CV of distances, CV of squared distances${closedForm ? ' (theory)' : ''}, nearest / mean distance')`,
    'concentration_rows = []',
    'for d in DIMENSIONS:',
    `    concentration_rows.append(concentration(sample_points(${s.points}, d)))`,
    "    contrast, cv, squared_cv, nearest = (f'{v:.4g}' for v in concentration_rows[-1])",
    closedForm
      ? "    print(d, contrast, cv, squared_cv, f'({theory(d):.4g})', nearest)"
      : '    print(d, contrast, cv, squared_cv, nearest)',
  ];
}

/** Python for the empty cube: the ball and shell shares, by formula and by sampling. */
function emptySpace(): string[] {
  return [
    `# 2. The empty cube: ${EMPTY_SPACE_SAMPLES} uniform points at each d against the formulas.`,
    `SAMPLES, EDGE = ${EMPTY_SPACE_SAMPLES}, 0.05`,
    "print('d, inscribed ball share (formula, log10, sampled), share within 5% of the surface (formula, sampled)')",
    'empty_rows = []',
    'for d in DIMENSIONS:',
    '    # pi^(d/2) / Gamma(d/2 + 1) / 2^d: the ball of radius 1/2 over the cube.',
    '    log_ball = d / 2 * np.log(np.pi) + d * np.log(0.5) - scipy.special.gammaln(d / 2 + 1)',
    '    inside = near = 0',
    '    for start in range(0, SAMPLES, 1000):  # in chunks, to keep memory small at large d',
    '        u = rng.uniform(0, 1, (min(1000, SAMPLES - start), d))',
    '        inside += np.sum(((u - 0.5) ** 2).sum(1) <= 0.25)',
    '        near += np.sum(((u < EDGE) | (u > 1 - EDGE)).any(1))',
    '    empty_rows.append((np.exp(log_ball), log_ball / np.log(10), inside / SAMPLES, 1 - (1 - 2 * EDGE) ** d, near / SAMPLES))',
    "    print(d, *(f'{v:.4g}' for v in empty_rows[-1]))",
  ];
}

/** Python for the Hughes effect: Trunk's problem, the lab's four classifiers, averaged. */
function hughes(s: DimensionalitySettings): string[] {
  return [
    "# 3. The Hughes effect on Trunk's problem (1979): class 0 has means +mu, class 1 -mu, identity",
    '# covariance, mu_j = 1 / sqrt(j) on the informative features; then redundant ones, then noise.',
    `TRAIN, TEST, REPEATS, K = ${s.trainPerClass}, ${HUGHES_TEST_PER_CLASS}, ${s.repeats}, ${Math.min(s.neighbours, 2 * s.trainPerClass)}`,
    `mu = np.zeros(${s.maxFeatures})`,
    `informative = ${Math.min(s.informative, s.maxFeatures)}`,
    'mu[:informative] = 1 / np.sqrt(np.arange(1, informative + 1))',
    `redundant = np.arange(informative, ${Math.min(s.informative + s.redundant, s.maxFeatures)})`,
    '# Redundant feature j is 0.5 (x_a + x_b) + 0.5 z for two random informative features a, b.',
    'mix = rng.integers(informative, size=(len(redundant), 2))',
    'mu[redundant] = 0.5 * (mu[mix[:, 0]] + mu[mix[:, 1]])',
    '',
    'def draw(rows):',
    '    """rows of each class, class 0 first: x [2 rows, features], y [2 rows]."""',
    '    y = np.repeat([0, 1], rows)',
    '    x = np.where(y[:, None] == 0, mu, -mu) + rng.normal(0, 1, (2 * rows, len(mu)))',
    '    x[:, redundant] = 0.5 * (x[:, mix[:, 0]] + x[:, mix[:, 1]]) + 0.5 * rng.normal(0, 1, (2 * rows, len(redundant)))',
    '    return x, y',
    '',
    `names = ['nearest mean, ${s.trainPerClass} per class', 'nearest mean, ${4 * s.trainPerClass} per class', f'{K}-NN, ${s.trainPerClass} per class', 'true means (no estimation)']`,
    'accuracy = np.zeros((len(FEATURES), 4))',
    'for repeat in range(REPEATS):',
    '    x_large, y_large = draw(4 * TRAIN)',
    '    small = np.r_[0:TRAIN, 4 * TRAIN:5 * TRAIN]  # the first TRAIN rows of each class',
    '    x_small, y_small = x_large[small], y_large[small]',
    '    x_test, y_test = draw(TEST)',
    '    for g, f in enumerate(FEATURES):',
    '        score = lambda model, x, y: model.fit(x[:, :f], y).score(x_test[:, :f], y_test)',
    '        accuracy[g] += [',
    '            score(sklearn.neighbors.NearestCentroid(), x_small, y_small),',
    '            score(sklearn.neighbors.NearestCentroid(), x_large, y_large),',
    '            score(sklearn.neighbors.KNeighborsClassifier(K), x_small, y_small),',
    '            np.mean((x_test[:, :f] @ mu[:f] < 0) == y_test),  # the nearer true mean: +mu when x . mu >= 0',
    '        ]',
    'accuracy /= REPEATS',
    "print('features, test accuracy of:', '; '.join(names))",
    'for f, row in zip(FEATURES, accuracy):',
    "    print(f, *(f'{v:.4f}' for v in row))",
    'peak = accuracy[:, 0].argmax()',
    "print(f'{names[0]} peaks at {FEATURES[peak]} features: {accuracy[peak, 0]:.4f}')",
  ];
}

/** Python drawing the page's six charts with matplotlib, when it is installed. */
const plots = [
  'if plt is not None:',
  '    concentration_rows, empty_rows = np.array(concentration_rows), np.array(empty_rows)',
  '    fig, axes = plt.subplots(2, 3, figsize=(15, 8))',
  '    axes[0, 0].loglog(DIMENSIONS, concentration_rows[:, 0])',
  "    axes[0, 0].set(title='Relative contrast (Dmax - Dmin) / Dmin', xlabel='dimensions d')",
  "    axes[0, 1].loglog(DIMENSIONS, concentration_rows[:, 2], label='measured')",
  '    if theory:',
  "        axes[0, 1].loglog(DIMENSIONS, [theory(d) for d in DIMENSIONS], '--', label='theory')",
  "    axes[0, 1].set(title='Spread of squared distances (CV)', xlabel='dimensions d')",
  '    axes[0, 2].semilogx(DIMENSIONS, concentration_rows[:, 3])',
  "    axes[0, 2].set(title='Nearest over mean distance', xlabel='dimensions d', ylim=(0, 1))",
  "    axes[1, 0].semilogx(DIMENSIONS, empty_rows[:, 1], label='formula')",
  '    sampled = empty_rows[:, 2] > 0',
  "    axes[1, 0].semilogx(np.array(DIMENSIONS)[sampled], np.log10(empty_rows[sampled, 2]), 'o', label='sampled')",
  "    axes[1, 0].set(title='Share of the cube inside its ball (log10)', xlabel='dimensions d')",
  "    axes[1, 1].semilogx(DIMENSIONS, empty_rows[:, 3], label='formula 1 - 0.9^d')",
  "    axes[1, 1].semilogx(DIMENSIONS, empty_rows[:, 4], 'o', label='sampled')",
  "    axes[1, 1].set(title='Share within 5% of the surface', xlabel='dimensions d', ylim=(0, 1))",
  '    for j, name in enumerate(names):',
  '        axes[1, 2].semilogx(FEATURES, accuracy[:, j], label=name)',
  "    axes[1, 2].set(title='Hughes effect: test accuracy', xlabel='features used')",
  '    for ax in (axes[0, 1], axes[1, 0], axes[1, 1], axes[1, 2]):',
  '        ax.legend()',
  '    fig.tight_layout()',
  "    fig.savefig('dimensionality.png')",
  "    print('plots saved to dimensionality.png')",
];

/**
 * /dimensionality with numpy, scipy and scikit-learn: distance concentration (relative contrast
 * (Dmax - Dmin) / Dmin averaged over points, the coefficient of variation std / mean of the
 * pairwise distances and of their squares, nearest over mean distance) at the lab's dimensions;
 * the empty cube (inscribed ball and 5% shell, formula and Monte Carlo); and the Hughes effect on
 * Trunk's problem with nearest-mean (NearestCentroid) and k-NN classifiers, averaged over the
 * lab's repeats. The same grids, sample counts, classifiers and definitions as the page; numpy's
 * generator draws other samples, so the numbers agree within sampling noise.
 */
export function dimensionalityScript(s: DimensionalitySettings): string {
  return lines([
    ...preamble(
      'The curse of dimensionality (the /dimensionality lab) with numpy, scipy and scikit-learn',
      `numpy, scipy, scikit-learn${s.distribution === 'mnist' ? ', tensorflow (to download MNIST)' : ''}; matplotlib for the plots (optional)`,
      [
        'import scipy.spatial.distance, scipy.special',
        'import sklearn.datasets, sklearn.neighbors',
        'try:',
        '    import matplotlib.pyplot as plt',
        'except ImportError:',
        '    plt = None  # the numbers are printed all the same',
      ],
      s.seed,
      false,
    ),
    '',
    `rng = np.random.default_rng(${s.seed})`,
    "# The lab's log-spaced grids of dimensions and of feature counts.",
    `DIMENSIONS = ${py(logGrid(s.maxDimension, DIMENSION_POINTS))}`,
    `FEATURES = ${py(logGrid(s.maxFeatures, FEATURE_POINTS))}`,
    '',
    ...concentration(s),
    '',
    ...emptySpace(),
    '',
    ...hughes(s),
    '',
    ...plots,
  ]);
}
