import type { Narrative } from '../steps';

/** /pruning: magnitude pruning on a schedule, its masks, its accuracy and its savings. */
export const pruningNarrative: Narrative = {
  route: '/pruning',
  steps: [
    {
      title: 'Pruning: fewer parameters',
      text: 'Pruning removes parameters instead of shrinking them: the weights with the smallest absolute value are set to zero and held there by a mask while training goes on, so the network learns to do without them. Here a LeNet-300-100 network learns MNIST, and by default 80% of its weights are pruned after the dense training epochs. The method is TensorFlow Model Optimization’s.',
      view: 'settings-form',
    },
    {
      title: 'The masks',
      text: 'Each map is one layer’s mask: black where weights were pruned, white where they were kept, averaged over small cells. The 28 × 28 image shows, for each input pixel, the share of its first-layer weights that survived. It changes while the run trains, as the schedule recomputes the masks.',
      view: 'mask-maps',
    },
    {
      title: 'The schedule',
      text: 'The line is the sparsity the schedule asks for at each optimizer step: with polynomial decay it rises fast at first and then levels off at the target. The dots are what the masks actually reached at each pruning step. Pruning gradually gives the remaining weights time to take over the work of the removed ones.',
      view: 'sparsity-chart',
    },
    {
      title: 'Does the accuracy hold?',
      text: 'Validation accuracy per epoch of the dense baseline and of the pruned model, whose fine-tuning by default continues after the dense epochs; its sparsity is the dashed line. Compare the pruned model’s last point with the dense one’s: the gap is what the zeros cost, though the pruned model has also had the extra fine-tuning epochs. Often it is small: large networks carry many weights they do not need.',
      view: 'accuracy-chart',
    },
    {
      title: 'How far can we go?',
      text: 'Here the trained dense model is pruned at once to each sparsity, before and after a short fine-tuning. One-shot pruning holds for a while and then collapses; fine-tuning, or pruning gradually on a schedule, pushes that point further out. This is the curve to read before choosing a target sparsity.',
      view: 'sweep-chart',
    },
    {
      title: 'What the zeros save',
      text: 'A pruned model stored as a dense array is exactly as large as before; the saving appears when the file is compressed, because the many zeros compress well, or when only the nonzero weights are stored (CSR). Combined with int8 quantization it shrinks further. Faster inference needs hardware or kernels that skip zeros, which is why structured patterns such as 2:4 exist.',
      view: 'size-table',
    },
  ],
};
