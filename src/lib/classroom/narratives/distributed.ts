import type { Narrative } from '../steps';

/** /distributed: data parallel strategies on real workers, their time lines and their cost. */
export const distributedNarrative: Narrative = {
  route: '/distributed',
  steps: [
    {
      title: 'Splitting the work',
      text: 'Distributed training spreads one training run over several devices to finish sooner. In data parallelism every worker holds a copy of the model and gets a share of each batch; in model parallelism the model itself is cut into parts, for models too large for one device. Here Web Workers (four by default) play the devices and one MLP learns MNIST with three of TensorFlow’s strategies, one after another, on the same data and seed.',
      view: 'settings-form',
    },
    {
      title: 'The baseline: one device',
      text: 'One worker computes the gradient of the whole global batch and applies it: no communication and no waiting. This is the one-device strategy, useful for testing code before distributing it, and every speed-up on this page is measured against it.',
      view: 'timeline-one-device',
    },
    {
      title: 'Mirrored: synchronous all-reduce',
      text: 'Each row is a worker, each bar a stretch of time: green computes its share of the gradient, blue passes gradient chunks around a ring to sum them and share the sum, orange waits. All workers apply the same update in lockstep, so the model stays identical everywhere. The slowest worker sets the pace of all: that is the price of synchronous updates.',
      view: 'timeline-mirrored',
    },
    {
      title: 'Parameter server: asynchronous updates',
      text: 'Here each worker pulls the parameters, computes and pushes its gradient on its own schedule, and the server applies it on arrival, so nobody waits for the slowest. The price is staleness: a gradient may have been computed on parameters that other workers have already moved. When workers run at very different speeds, that trade can be worth it.',
      view: 'timeline-parameter-server',
    },
    {
      title: 'Same learning, different clock',
      text: 'On the loss-by-step chart above, mirrored (dashed) traces the one-device curve exactly, because it computes the same mean gradient. This chart puts the same losses against wall time, which shows whether distribution actually bought any speed. That depends on how much of a step is computation that splits across cores and how much is communication and waiting that does not.',
      view: 'loss-by-time',
    },
    {
      title: 'The bill, and what happens when a worker fails',
      text: 'The table sums up each strategy: samples per second, speed-up over one device, bytes sent per step, staleness and final accuracy. With more workers than cores, workers share cores and adding them only adds communication. Press “Kill a worker” during a run to test fault tolerance: mirrored workers restore the last checkpoint and replay the steps since, while the parameter server simply carries on without the lost gradient.',
      view: 'runs',
    },
  ],
};
