import type { Narrative } from '../steps';

/** /tuning: searching hyperparameters on a fixed budget, and what the search learns. */
export const tuningNarrative: Narrative = {
  route: '/tuning',
  steps: [
    {
      title: 'The search space and the budget',
      text: 'Hyperparameters are the settings fixed before training: learning rate, batch size, width, depth, activation, dropout and so on. The form on the left sets a range or a list for each, which together make the search space, and a budget of training epochs (120 by default) that each strategy’s trials share. Every trial really trains a small network on the digits data, two at a time in separate workers.',
      view: 'settings-form',
    },
    {
      title: 'Best score against compute spent',
      text: 'Each line is one search strategy: the best validation score it has found so far, against the epochs it has spent. Random search samples the space blindly; Bayesian optimization fits a Gaussian process to the trials so far and sends the next trial where expected improvement is highest. The strategy whose line climbs soonest finds good settings for less compute.',
      view: 'best-so-far',
    },
    {
      title: 'The winners',
      text: 'The best trial of each strategy, with the settings it chose and its accuracy on the held-out test rows. Compare the settings of the winners: where the strategies agree, that hyperparameter probably matters; where they disagree, it probably does not. Each trial also reports its test accuracy when it finishes, but the winner is picked by validation score alone, so the test rows never influence the choice.',
      view: 'best-table',
    },
    {
      title: 'Every trial, and the ones stopped early',
      text: 'Each line of the parallel coordinates plot is one trial of the strategy chosen in the Strategy menu (the last one run, by default), crossing every hyperparameter’s axis at its value and coloured by its score; drag along an axis to filter. The table below lists the trials in order. With median pruning on (the default), a random or Bayesian trial whose best score so far is below the median of finished trials at the same epoch is stopped, which saves its remaining epochs for new trials.',
      view: 'trials',
    },
    {
      title: 'Which hyperparameters mattered',
      text: 'After the search, a Gaussian process is fitted to all full-length trials and each hyperparameter’s values are shuffled in turn: the more the predictions move, the more that hyperparameter matters. Often one or two dominate, and which ones depends on the data and the ranges searched. That tells you where to spend the next search.',
      view: 'importance-panel',
    },
    {
      title: 'Try another strategy',
      text: 'Add Grid to the strategies to see how a grid wastes trials on settings that do not matter, or Hyperband, which starts many configurations on a few epochs and keeps training only the best third at each round. All strategies get the same budget and seed, so the comparison is fair. KerasTuner offers the same four, and the Python export on the left runs this search with it.',
    },
  ],
};
