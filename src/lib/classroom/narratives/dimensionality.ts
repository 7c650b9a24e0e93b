import type { Narrative } from '../steps';

/** /dimensionality: three measured faces of the curse of dimensionality. */
export const dimensionalityNarrative: Narrative = {
  route: '/dimensionality',
  steps: [
    {
      title: 'More features, more dimensions',
      text: 'Every feature of a dataset is one dimension of the space its rows live in. Adding features feels free, but each one needs more data to fill the space and adds noise as well as signal. This page measures three consequences on random points as the number of dimensions d grows, along each chart’s x axis.',
      view: 'settings-form',
    },
    {
      title: 'Distances stop telling near from far',
      text: 'The left chart shows how much farther a point’s farthest neighbour is than its nearest one: the relative contrast falls towards zero as d grows. The right chart shows the relative spread of the squared distances shrinking like 1/√d, as theory predicts. When every point is about equally far from every other, nearest neighbours and clustering lose their footing.',
      view: 'concentration',
    },
    {
      title: 'The Hughes effect: accuracy peaks, then falls',
      text: 'Simple classifiers (nearest class mean and k-nearest neighbours) are trained on a fixed 20 samples per class while features are added: informative ones first, then redundant mixes of them, then pure noise. Test accuracy rises while features carry signal, peaks, and then falls, because each extra feature is one more thing to estimate from the same few samples. The larger the hypothesis space, the more examples it takes to find the right hypothesis.',
      view: 'hughes',
    },
    {
      title: 'More data moves the peak',
      text: 'Compare the curves: with four times as many training samples per class (80 instead of 20) the peak comes later and falls more slowly. The dashed line, which uses the true class means, stays almost level once the informative features are in, so the loss comes from estimating too much from too little, not from the extra features themselves. This is why high-dimensional data needs far more training data.',
      view: 'hughes',
    },
    {
      title: 'The space empties out',
      text: 'The ball inside a cube holds 79% of the cube in two dimensions and almost none of it in a hundred. At d = 50 over 99% of uniform points lie within 5% of the surface, and by d = 1000 the nearest neighbour is about 95% as far away as an average point. Almost every new example is an outlier, so a model has to extrapolate rather than interpolate.',
      view: 'empty-space',
    },
    {
      title: 'What to do about it',
      text: 'The cure is fewer, better dimensions: keep the features that carry signal, or project the data onto a few informative directions, which is the next lab. To see real data, set Points to “Digits + noise features” and run again: the distance charts then use the digits’ own 64 standardized features first, and past them every added dimension is pure noise.',
    },
  ],
};
