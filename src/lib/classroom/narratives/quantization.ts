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
      text: 'A b-bit code can hold only 2^b values, spread evenly over a range: real value = scale × (q − zero point). The histogram shows one layer’s real weights with those levels drawn over them; move the Bits slider to watch the grid coarsen. Activations use a range calibrated on training images, and values outside it are clipped.',
      view: 'quantization-grids',
    },
    {
      title: 'What each variant costs',
      text: 'The same test images go through every variant. float16 halves the file and changes almost nothing; dynamic range int8 stores weights in 8 bits for about a quarter of the size; full integer also runs the activations in int8 and needs calibration data. Compare the accuracy change against the file size: each file is real and can be downloaded.',
      view: 'variants-table',
    },
    {
      title: 'Fewer bits, until it breaks',
      text: 'Post-training quantization keeps its accuracy down to about 8 bits and then falls off quickly, because the grid becomes too coarse for the weights. Quantization-aware training usually holds up to fewer bits. The trade-off is the one in the course notes: a smaller, faster model for some loss of accuracy.',
      view: 'bits-chart',
    },
    {
      title: 'Quantization-aware training',
      text: 'Instead of rounding after training, QAT puts fake quantization into the forward pass: the weights are rounded to the grid on the way forward, while the gradients pass straight through. Starting from the float32 weights, a few more epochs let the model settle where the grid is. Part of any gain over float32 is simply that extra training.',
      view: 'training-curves',
    },
  ],
};
