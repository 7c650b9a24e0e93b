import type { Narrative } from '../steps';

/** /distillation: a small student learns from a big teacher's softened outputs. */
export const distillationNarrative: Narrative = {
  route: '/distillation',
  steps: [
    {
      title: 'Teacher and student',
      text: 'Big networks are accurate but hard to deploy; small ones are cheap but weaker. Knowledge distillation trains a large teacher first, then a small student that learns to copy the teacher’s predictions. Here the teacher has two layers of 256 units and the student one layer of 128, and the student is trained twice with the same seed: once from the labels alone, once from the labels and the teacher together.',
      view: 'settings-form',
    },
    {
      title: 'Dark knowledge',
      text: 'At temperature T = 1 the teacher puts nearly all its probability on the right digit. Dividing its logits (the scores that go into the softmax) by a higher T lifts the small probabilities it gives the wrong digits, and those show how alike it finds them: a 7 looks a bit like a 1, hardly like a 6. Move the slider and step through the test images; Hinton called this “dark knowledge”.',
      view: 'dark-knowledge',
    },
    {
      title: 'Learning from soft targets',
      text: 'The distilled student minimizes (1 − a) times the usual loss on the labels plus a·T² times the KL divergence between the teacher’s and its own softened outputs. The curves show validation accuracy per epoch for the teacher and both students. The soft targets carry more information per image than a single label does, which is how the same small network can end up better than it does on labels alone.',
      view: 'accuracy-curves',
    },
    {
      title: 'The result',
      text: 'The table compares parameters, test errors, accuracy and inference time for the three models. The goal is a student with a fraction of the teacher’s parameters that keeps most of its accuracy, and fewer errors than the same student trained from scratch. The caption gives the distilled student’s errors as a share of the scratch student’s.',
      view: 'distillation-table',
    },
    {
      title: 'A digit it never saw',
      text: 'Set the transfer set to “All but one digit” and run again: both students then train without a single 3. The student trained from scratch cannot know the digit exists, but the distilled one has seen the teacher give 3 some probability on other digits. Hinton, Vinyals and Dean (2015) found that such a student already gets most 3s right, and almost all once its output bias for 3 is raised.',
    },
  ],
};
