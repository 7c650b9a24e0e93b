import type { Narrative } from '../steps';

/** /reduction: what PCA and the other linear methods keep of real data. */
export const reductionNarrative: Narrative = {
  route: '/reduction',
  steps: [
    {
      title: 'Fewer dimensions, same information',
      text: 'The digits dataset has 64 features per row: the grey levels of an 8 × 8 image. Many are redundant, since neighbouring pixels move together, and the pixels in the leftmost and rightmost columns are almost always blank. Dimensionality reduction replaces them with a few new features, each a weighted mix of the old ones; the method on the left, PCA by default, decides the weights.',
      view: 'settings-form',
    },
    {
      title: 'The data in two dimensions',
      text: 'Every dot is one image, placed by its first two components and coloured by the digit it shows. PCA needs no labels, yet some digits, such as 0, 4 and 6, form clouds of their own while others overlap: the two directions of largest variance already separate part of the classes. Point at a dot to see its image.',
      view: 'projection',
    },
    {
      title: 'How much each direction explains',
      text: 'PCA orders its directions by the share of the data’s variance they explain: the dots are each component’s share, the line the running total. On digits the first five hold about half of the variance and the first ten about three quarters, each adding less than the one before. Where the cumulative line flattens is a natural place to stop.',
      view: 'scree',
    },
    {
      title: 'Does the reduced data still work?',
      text: 'The real test is a model trained on the reduced data. This chart trains a linear classifier on the first k components and compares it with the same classifier on all 64 features (dashed). Close to full accuracy from far fewer inputs means a smaller, faster model that is easier to store.',
      view: 'downstream',
    },
    {
      title: 'The directions are images too',
      text: 'Each PCA direction is a weight for every pixel, so it can be drawn as an image: blue pixels push the score up, red ones down. These “eigen-digits” are what the new features measure. NMF (choose it under Method), with only non-negative weights, finds parts of digits instead, such as strokes.',
      view: 'direction-images',
    },
    {
      title: 'Rebuilding the images',
      text: 'Going back from k components to 64 pixels shows what the reduction threw away. With few components the test images are blurry averages; the error under each column falls as k grows. PCA chooses its directions to make exactly this reconstruction error as small as possible.',
      view: 'reconstructions',
    },
    {
      title: 'Six methods, one dataset',
      text: 'The same rows in two dimensions by every method. PCA and truncated SVD keep variance, FastICA looks for statistically independent directions, NMF for additive parts, and LDA and PLS use the labels to separate classes. Only LDA and PLS are told the classes, which is why their clouds usually sit furthest apart.',
      view: 'comparison',
    },
  ],
};
