import type { Narrative } from '../steps';

/** /automl: every stage of an automated pipeline, on one table. */
export const automlNarrative: Narrative = {
  route: '/automl',
  steps: [
    {
      title: 'The whole workflow, automated',
      text: 'AutoML automates more than model training: data ingestion, data validation, feature engineering, training and validation, in that order. This page runs all five on a table in your browser, by default the Wine data (chemical measurements of wines from three growers). Choose your own CSV file in the settings to run the same pipeline on it.',
      view: 'settings-form',
    },
    {
      title: 'Ingestion: a schema from the data',
      text: 'The first stages read the table and infer a schema: each column’s type, its share of missing values, its domain (a range or a set of categories) and a small histogram of its values. The column to predict decides the task: categories (or a few whole numbers) make it classification, other numbers regression. A schema written down like this is what later data gets checked against.',
      view: 'schema',
    },
    {
      title: 'Validation: anomalies',
      text: 'Validation looks for problems before any model is trained: constant or empty columns, many missing values, outliers, classes far out of balance, a column that leaks the target, and skew between the first 80% of the rows and the last 20%, a stand-in for training/serving skew. On Wine most columns are flagged for skew: the file is sorted by class, so its last 20% all come from one grower; were those the serving rows, this is exactly the shift the check should catch. Constant, empty and leaking columns can be left out automatically; try a CSV file with a few broken columns to see them caught.',
      view: 'anomalies',
    },
    {
      title: 'Feature engineering',
      text: 'Numbers get their missing values filled and are standardized; categories become one-hot bits. Every statistic used here, such as a mean or a list of categories, is learned from the training rows only, so nothing about the validation or test rows leaks into the model. The learned steps are part of the pipeline you can download at the end.',
      view: 'feature-steps',
    },
    {
      title: 'Model search',
      text: 'The search tries linear models and small MLPs with different learning rates and L2 penalties, by random search or Bayesian optimization, and ranks them by their score on the validation rows. This is hyperparameter tuning inside the pipeline, on a trial budget and an optional time limit.',
      view: 'leaderboard',
    },
    {
      title: 'Validating the winner',
      text: 'The winning model is scored once on test rows it has never seen, next to a baseline that always predicts the most frequent training class (the mean, for a numeric target). A model has to beat the baseline clearly to be worth deploying. The pipeline (as JSON) and the test predictions (as CSV) can be downloaded below the table.',
      view: 'test-metrics',
    },
  ],
};
