import type { AutomlSettings } from '../automl/settings';
import { thresholds } from '../automl/validate';
import { datasetCards } from '../data/catalog';

/** scikit-learn's loader of each built-in /automl table. */
const loaders: Record<Exclude<AutomlSettings['dataset'], 'csv'>, string> = {
  wine: 'load_wine',
  'breast-cancer': 'load_breast_cancer',
  iris: 'load_iris',
};

/**
 * Python that reads the /automl table into `table`, a dict of columns by name (floats with nan
 * where missing, or text with None): the CSV at the path given as the first argument, typed as
 * the lab types it (the same missing-cell words; numeric when every present cell is a finite
 * number), else the lab's built-in table (scikit-learn's copy, the class name as the last column).
 */
export function automlIngest(s: AutomlSettings): string[] {
  const builtin =
    s.dataset === 'csv'
      ? [
          'if len(sys.argv) < 2:',
          "    sys.exit('usage: python automl.py your-table.csv')",
          'table = read_table(sys.argv[1])',
        ]
      : [
          'def builtin_table():',
          `    """The lab's built-in table, ${datasetCards[s.dataset].title}: the features, then the class name."""`,
          `    bunch = sklearn.datasets.${loaders[s.dataset]}()`,
          '    table = {name: bunch.data[:, j] for j, name in enumerate(bunch.feature_names)}',
          "    table['class'] = np.array([str(bunch.target_names[k]) for k in bunch.target], dtype=object)",
          '    return table',
          '',
          'table = read_table(sys.argv[1]) if len(sys.argv) > 1 else builtin_table()',
        ];
  return [
    `# 1. Ingest: the CSV file whose path you give${s.dataset === 'csv' ? '' : ", else the lab's built-in table"}.`,
    "MISSING = {'', 'na', 'n/a', 'null', 'nan', '?', '-', 'none'}  # cells read as missing, in any case",
    'is_missing_cell = lambda cell: cell.strip().lower() in MISSING',
    '',
    'def typed(cells):',
    '    """Floats (nan where missing) when every present cell is a finite number, else text (None where missing)."""',
    '    try:',
    '        if all(math.isfinite(float(cell)) for cell in cells if not is_missing_cell(cell)):',
    '            return np.array([np.nan if is_missing_cell(cell) else float(cell) for cell in cells])',
    '    except ValueError:',
    '        pass',
    '    return np.array([None if is_missing_cell(cell) else cell.strip() for cell in cells], dtype=object)',
    '',
    'def read_table(path):',
    '    """Columns by name from a CSV file with a header row; the delimiter (, ; tab |) is sniffed."""',
    "    with open(path, newline='', encoding='utf-8-sig') as f:",
    '        text = f.read()',
    '    try:',
    "        dialect = csv.Sniffer().sniff(text[:20000], delimiters=',;\\t|')",
    '    except csv.Error:',
    '        dialect = csv.excel',
    '    lines = [row for row in csv.reader(io.StringIO(text), dialect) if len(row) > 1 or (row and row[0].strip())]',
    '    header, rows = [name.strip() for name in lines[0]], lines[1:]',
    '    ragged = [i + 2 for i, row in enumerate(rows) if len(row) != len(header)]',
    '    if ragged:',
    "        sys.exit(f'{len(ragged)} rows do not have {len(header)} fields (lines {ragged[:5]})')",
    '    return {name: typed([row[j] for row in rows]) for j, name in enumerate(header)}',
    '',
    ...builtin,
    'names = list(table)',
    `target = names[${s.targetIndex}]${s.targetIndex < 0 ? '  # the last column' : ''}`,
    'rows = len(table[target])',
    'numeric = lambda name: table[name].dtype != object',
    'missing = lambda name: np.isnan(table[name]) if numeric(name) else np.array([v is None for v in table[name]], dtype=bool)',
  ];
}

/**
 * Python that validates `table` as the lab does (src/engine/automl/validate.ts): the task from the
 * target, each column's schema and statistics, and the anomalies (all missing, missing share,
 * constant, class imbalance, outliers beyond 4 standard deviations, label leakage, skew between
 * the first 80% and the last 20% of rows) with the lab's thresholds; sets `dropped` to the
 * constant, empty and leaking columns when the lab leaves them out.
 */
export function automlValidate(s: AutomlSettings): string[] {
  const t = thresholds;
  return [
    '# 2. Validate: the schema and statistics of each column, then the checks of the lab with its thresholds.',
    'y_present = table[target][~missing(target)]',
    '# Classification when the target is text, or integers with at most 20 distinct values.',
    "task = 'classification' if not numeric(target) or (np.all(y_present == np.round(y_present)) and len(np.unique(y_present)) <= 20) else 'regression'",
    "print(f'{rows} rows; the target {target!r} makes it {task}')",
    '',
    'def purity(name):',
    '    """Share of rows whose target is the majority target of their value: 1 when the column decides the class."""',
    '    both = ~(missing(name) | missing(target))',
    '    groups = collections.defaultdict(collections.Counter)',
    '    for value, label in zip(table[name][both], table[target][both]):',
    '        groups[value][label] += 1',
    '    if len(groups) > both.sum() / 2:  # an identifier is pure by construction, not a leak',
    '        return 0',
    '    return sum(max(counts.values()) for counts in groups.values()) / max(1, both.sum())',
    '',
    'def correlation(name):',
    '    both = ~(missing(name) | missing(target))',
    "    with np.errstate(invalid='ignore', divide='ignore'):",
    '        return np.nan_to_num(abs(np.corrcoef(table[name][both], table[target][both])[0, 1]))',
    '',
    'def linf(a, b):',
    '    """The largest difference between the category shares of two slices (TFDV\'s skew comparator)."""',
    '    ca, cb = (collections.Counter(v for v in slice_ if v is not None) for slice_ in (a, b))',
    '    na, nb = max(1, sum(ca.values())), max(1, sum(cb.values()))',
    '    return max((abs(ca[v] / na - cb[v] / nb) for v in ca | cb), default=0)',
    '',
    'anomalies = []  # (kind, column, message)',
    'cut = int(rows * 0.8 + 0.5)  # the last 20% of rows stand in for serving data',
    'chance = 1.36 * np.sqrt(rows / max(1, cut * (rows - cut)))  # below this, two slices differ by chance (KS test at 5%)',
    'for name in names:',
    '    values, gone = table[name], missing(name)',
    '    present, share = values[~gone], gone.mean()',
    '    if numeric(name):',
    "        summary = f'{present.min():.4g} .. {present.max():.4g}, mean {present.mean():.4g}, std {present.std():.4g}' if len(present) else ''",
    '        distinct = len(np.unique(present))',
    '    else:',
    '        counts = collections.Counter(present)',
    "        summary = f'{len(counts)} values: ' + ', '.join(str(v) for v, _ in counts.most_common(3))",
    '        distinct = len(counts)',
    `    print(f'  {name}: {"number" if numeric(name) else "category"}, {share:.0%} missing; {summary}')`,
    '    if share == 1:',
    "        anomalies.append(('all-missing', name, f'{name!r} has no values at all'))",
    '        continue',
    `    if share > ${t.missing}:`,
    "        anomalies.append(('missing', name, f'{name!r} is missing in {share:.0%} of rows'))",
    '    if distinct == 1:',
    "        anomalies.append(('constant', name, f'{name!r} has a single value: it carries no information'))",
    '    if name == target:',
    "        classes = collections.Counter(str(v) for v in present) if task == 'classification' else {}",
    `        if len(classes) >= 2 and min(classes.values()) / rows < ${t.imbalance}:`,
    "            anomalies.append(('imbalance', name, f'the rarest class is {min(classes.values()) / rows:.1%} of rows'))",
    '        continue',
    '    if numeric(name) and present.std() > 0:',
    '        far = np.sum(np.abs(present - present.mean()) > 4 * present.std())',
    `        if far / rows > ${t.outliers}:`,
    "            anomalies.append(('outliers', name, f'{far} values of {name!r} lie beyond 4 standard deviations'))",
    "    if task == 'regression':",
    '        leak = correlation(name) if numeric(name) and numeric(target) else 0',
    '    else:',
    '        leak = purity(name)',
    `    if distinct > 1 and leak >= ${t.leakage}:`,
    "        anomalies.append(('leakage', name, f'{name!r} predicts the target almost perfectly ({leak:.3f}): is it known when predicting?'))",
    '    head, tail = np.arange(rows) < cut, np.arange(rows) >= cut',
    '    if numeric(name):',
    '        a, b = values[head & ~gone], values[tail & ~gone]',
    '        skew = scipy.stats.ks_2samp(a, b).statistic if len(a) and len(b) else 0',
    `        limit = max(${t.skewKs}, chance)`,
    '    else:',
    '        skew = linf(values[head], values[tail])',
    `        limit = max(${t.skewLinf}, chance)`,
    '    if rows - cut >= 20 and skew > limit:',
    "        anomalies.append(('skew', name, f'{name!r} differs between the first 80% of rows and the last 20% ({skew:.3f} > {limit:.3f})'))",
    "print('anomalies:' if anomalies else 'no anomalies found')",
    'for kind, name, message in anomalies:',
    "    print(f'  {kind}: {message}')",
    ...(s.dropFlagged
      ? [
          '# Left out: the constant, empty and leaking columns.',
          "dropped = list(dict.fromkeys(name for kind, name, _ in anomalies if kind in ('constant', 'all-missing', 'leakage') and name != target))",
        ]
      : ['dropped = []  # flagged columns are kept, as the lab was set']),
  ];
}
