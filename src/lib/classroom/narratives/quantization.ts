import type { Narrative } from '../steps';

/** /quantization: fewer bits per number, and what each way of doing it costs. */
export const quantizationNarrative: Narrative = {
  route: '/quantization',
  steps: [
    {
      title: 'Why quantize',
      text: 'A trained network stores every weight as a 32-bit float. On phones and small devices that costs space, memory bandwidth and power, and data often has to stay on the device for privacy. Quantization stores each number in fewer bits instead: here one MLP is trained on MNIST, then quantized every way TensorFlow Lite offers.',
      view: 'settings-form',
    },
    {
      title: 'The grid',
      text: 'A b-bit code can hold at most 2^b values, spread evenly over a range: real value = scale × (q − zero point). The left histogram shows one layer’s real weights with those levels drawn over them; move the Bits slider (4 by default) to watch the grid coarsen. The right one shows activations, whose range is calibrated on training images; values outside it are clipped.',
      view: 'quantization-grids',
    },
    {
      title: 'What each variant costs',
      text: 'The same test images go through every variant. float16 halves the file and changes almost nothing; dynamic range int8 stores weights in 8 bits for about a quarter of the size; full integer also quantizes the activations, to 8 bits or fewer, and needs calibration data. Compare the accuracy change against the file size: each file is real and can be downloaded.',
      view: 'variants-table',
    },
    {
      title: 'Fewer bits, until it breaks',
      text: 'Post-training quantization costs almost nothing at 8 bits, but below that it loses accuracy quickly, because the grid becomes too coarse for the weights and activations. Quantization-aware training usually holds up to fewer bits. The trade-off is the one in the course notes: a smaller model, faster on integer hardware, for some loss of accuracy.',
      view: 'bits-chart',
    },
    {
      title: 'Quantization-aware training',
      text: 'Instead of rounding after training, QAT puts fake quantization into the forward pass: the weights are rounded to the grid on the way forward, while the gradients pass straight through. Starting from the float32 weights, a few more epochs let the model settle where the grid is. The chart continues the float32 training curve (dashed) with each QAT run’s validation accuracy. Part of any gain over float32 is simply that extra training.',
      view: 'training-curves',
    },
  ],
};
