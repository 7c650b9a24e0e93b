import type { Narrative } from '../steps';

/** /nas: search space, search strategy and performance estimation, one at a time. */
export const nasNarrative: Narrative = {
  route: '/nas',
  steps: [
    {
      title: 'The search space',
      text: 'Neural architecture search automates designing the network itself, in three parts: a search space, a search strategy and a way to estimate performance. This space is a micro one: a small cell whose six edges each pick an operation, stacked into a network. The count below the drawing shows how many different cells that makes; a macro space of whole chains of layers multiplies its size with every layer it may add.',
      view: 'space-view',
    },
    {
      title: 'Search strategies',
      text: 'Each line is one strategy’s best score so far: on the left against the number of candidates evaluated, on the right against the training compute spent. Random search picks cells blindly; regularized evolution mutates the best of a sample of recent cells; REINFORCE trains a controller that learns which choices pay off. Grid and Bayesian optimization can be added in the settings.',
      view: 'search-progress',
    },
    {
      title: 'One search is a noisy sample',
      text: 'A single search can be lucky or unlucky, so the tabular benchmark repeats every strategy over many seeds in seconds: it looks up each cell’s accuracy from training done in advance instead of training it now. The lines are the mean best-so-far, shaded from the 10th to the 90th percentile. Only over many repeats does a difference between strategies mean anything.',
      view: 'comparison',
    },
    {
      title: 'What the search returns',
      text: 'Each card draws the cell one strategy would return (its best-scoring candidate) as the network computes it, with the operation on each edge. If different strategies end up at similar cells, that design is probably genuinely good rather than a lucky draw.',
      view: 'architectures',
    },
    {
      title: 'Estimating performance cheaply',
      text: 'Training every candidate fully is the expensive part of a search. The settings offer cheaper estimates: lower fidelity (fewer epochs, and in live mode less data or narrower networks), extrapolating a short learning curve, or inheriting weights from a parent. This view shows how well an estimate ranks the candidates (Spearman’s ρ) against what it costs; the search only needs the order right. By default every candidate is trained fully, so only seed noise keeps ρ below 1; choose Lower fidelity to see what a cheaper estimate costs in ranking.',
      view: 'estimation',
    },
    {
      title: 'Accuracy against size',
      text: 'Every candidate by its parameter count and its accuracy. The points on the upper-left edge are the Pareto front: none of them can be beaten on accuracy without growing. For a phone or a microcontroller the best architecture is on that front, not necessarily at its top.',
      view: 'pareto',
    },
  ],
};
