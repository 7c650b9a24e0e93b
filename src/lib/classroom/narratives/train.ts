import type { Narrative } from '../steps';

/** /train: how a network learns, read off its curves, its boundary and its errors. */
export const trainNarrative: Narrative = {
  route: '/train',
  steps: [
    {
      title: 'Data, model and training settings',
      text: 'On the left is everything this run was given: the data (by default two noisy rings of points, one ring per class), the network (two hidden layers of 8 units) and how it trains. The model and training settings are hyperparameters: we choose them before training, while the network learns its weights itself. Every setting is also in the address bar, so this exact run can be shared as a link.',
      view: 'settings-form',
    },
    {
      title: 'The loss falls',
      text: 'Training lowers a loss, here cross-entropy: how surprised the network is by the true class. One epoch is one pass over the training rows; the solid line is the loss on them, the dashed line the loss on validation rows the network never trains on. While both fall together, it is learning something that carries over to new data.',
      view: 'loss-chart',
    },
    {
      title: 'Accuracy, and the gap that means overfitting',
      text: 'Accuracy is the share of rows classified correctly, on the same two sets of rows. If the training line keeps climbing while the validation line stalls or drops, the network is memorizing its training rows. Dropout, L2 and early stopping (patience) are the settings that fight this.',
      view: 'score-chart',
    },
    {
      title: 'What the network has learned',
      text: 'With only two input features we can draw the model itself: the background is the class it predicts at each point, paler where it is less sure. Filled dots are training and validation rows, hollow dots are test rows. Clear the Hidden layers field and press Train: with no hidden layer the boundary is a single straight line, which cannot separate two rings.',
      view: 'surface',
    },
    {
      title: 'Which mistakes it makes',
      text: 'The confusion matrix counts the test rows by their true class (rows) and the predicted class (columns). The diagonal holds the right answers; every other cell is one particular kind of mistake. With more than two classes, this shows what a single accuracy figure hides.',
      view: 'confusion',
    },
    {
      title: 'The honest number',
      text: 'The table gives the final loss and accuracy on training, validation and test rows. The test rows played no part in training or in choosing settings, so their score is the fair estimate of how the model will do in production. The footer counts the parameters: the weights and biases the network learned.',
      view: 'results-table',
    },
  ],
};
