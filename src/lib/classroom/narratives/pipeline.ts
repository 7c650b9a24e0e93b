import type { Narrative } from '../steps';

/** /pipeline: where the accelerator waits for data, and how tf.data's tricks remove the wait. */
export const pipelineNarrative: Narrative = {
  route: '/pipeline',
  steps: [
    {
      title: 'The input pipeline',
      text: 'Before a training step can run, its batch has to be read, decoded, augmented and assembled. If that work happens in turn with training, the accelerator sits idle while the next batch is prepared. Here web workers decode and augment MNIST images and feed an MLP, through five pipelines taken from TensorFlow’s tf.data guide.',
      view: 'settings-form',
    },
    {
      title: 'Naive: taking turns',
      text: 'Each row of the timeline is one lane: the map workers above, the training step below. One worker prepares a batch, then sits idle while the step trains on it, so every batch costs the map time plus the step time. The dashed red marks on the training lane are the accelerator waiting for data.',
      view: 'timeline-naive',
    },
    {
      title: 'Prefetching',
      text: 'With a prefetch buffer the worker prepares the next batches while the step trains on the current one, and the two lanes overlap. Once the buffer has filled, a batch costs only the slower of the two, not their sum. In tf.data this is one line: dataset.prefetch(buffer_size).',
      view: 'timeline-prefetch',
    },
    {
      title: 'Parallel map, then both',
      text: 'A parallel map splits each batch into shards that several workers (two by default) prepare at once, cutting the map time about as many times as there are workers. Combined with prefetching, the training lane becomes nearly solid. This is the recipe of the tf.data performance guide: map with num_parallel_calls, then prefetch.',
      view: 'timeline-parallel-prefetch',
    },
    {
      title: 'Caching',
      text: 'A cache keeps what the first epoch prepared, so later epochs skip that work; it only pays from the second epoch on. Cache after the expensive, deterministic steps such as decoding, but before random augmentation, or every epoch replays the first epoch’s random distortions. That is the default here: from epoch 2 the workers skip decoding (gold bars) but still augment afresh, and since MNIST decodes cheaply the saving is small.',
      view: 'timeline-cached',
    },
    {
      title: 'The numbers',
      text: 'The table gives each pipeline’s throughput in samples per second and the share of time the training step waited. All five train the same model on the same batches in the same order, so only the time differs. Overlap can at best hide the smaller of the map and step costs, so it gains most when the two are balanced.',
      view: 'variants-panel',
    },
  ],
};
