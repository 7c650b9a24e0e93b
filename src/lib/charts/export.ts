/** Presentation properties a chart's SVG takes from the page's CSS, written onto each element. */
const INLINED = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Height of the header the file gains above the plot: the title and the legend keys. */
const HEADER = 22;

/**
 * The chart as a standalone SVG file: a copy of `svg` with every element's computed presentation
 * (fill, stroke, fonts...) written as attributes, since the page's stylesheet and CSS variables do
 * not travel with the file; above the plot, a header row with the title and each legend key of the
 * figure's caption (its swatch colour, dashed where the caption's is, and its text); the SVG
 * namespace, its size and a <title>.
 */
export function standaloneSvg(svg: SVGSVGElement, title: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, i) => {
    const style = getComputedStyle(element);
    for (const property of INLINED) {
      const value = style.getPropertyValue(property);
      if (value) copies[i].setAttribute(property, value);
    }
  });
  const { width, height } = svg.getBoundingClientRect();
  const plot = document.createElementNS(SVG_NS, 'g');
  plot.setAttribute('transform', `translate(0,${HEADER})`);
  plot.append(...copy.childNodes);
  plot.prepend(...canvasImages(svg));
  const font = getComputedStyle(svg.closest('figure') ?? svg);
  const header = document.createElementNS(SVG_NS, 'g');
  header.setAttribute('font-family', font.fontFamily);
  header.setAttribute('font-size', '12');
  header.setAttribute('fill', font.color);
  let x = 0;
  const label = (text: string, weight = 'normal') => {
    const node = document.createElementNS(SVG_NS, 'text');
    node.setAttribute('x', String(x));
    node.setAttribute('y', '14');
    node.setAttribute('font-weight', weight);
    node.textContent = text;
    header.append(node);
    x += text.length * 7 + 12;
  };
  label(title, '600');
  for (const key of svg.closest('figure')?.querySelectorAll('figcaption .key') ?? []) {
    const swatch = key.querySelector('.swatch, .block, svg path');
    if (swatch) {
      const style = getComputedStyle(swatch);
      const marker = style.fill !== 'none' ? style.fill : style.stroke;
      // A .swatch is coloured by `color` (a line of currentColor), a .block by its background.
      const html = swatch.classList.contains('swatch') ? style.color : style.backgroundColor;
      const colour = swatch instanceof SVGElement ? marker : html;
      const line = document.createElementNS(SVG_NS, 'line');
      for (const [name, value] of Object.entries({ x1: x, x2: x + 14, y1: 10, y2: 10 }))
        line.setAttribute(name, String(value));
      line.setAttribute('stroke', colour);
      line.setAttribute('stroke-width', '3');
      if (swatch.classList.contains('dashed')) line.setAttribute('stroke-dasharray', '4 3');
      header.append(line);
      x += 18;
    }
    label(key.textContent?.trim().replace(/\s+/g, ' ') ?? '');
  }
  const heading = document.createElementNS(SVG_NS, 'title');
  heading.textContent = title;
  copy.replaceChildren(heading, header, plot);
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(Math.ceil(width)));
  copy.setAttribute('height', String(Math.ceil(height) + HEADER));
  copy.setAttribute('overflow', 'visible');
  return new XMLSerializer().serializeToString(copy);
}

/**
 * The canvases drawn beside `svg` in its container (a surface under the axes) as <image>s of
 * their pixels, placed where they show on the page relative to the SVG.
 */
function canvasImages(svg: SVGSVGElement): SVGImageElement[] {
  const origin = svg.getBoundingClientRect();
  return Array.from(svg.parentElement?.querySelectorAll('canvas') ?? [], (canvas) => {
    const box = canvas.getBoundingClientRect();
    const image = document.createElementNS(SVG_NS, 'image');
    const place = {
      x: box.left - origin.left,
      y: box.top - origin.top,
      width: box.width,
      height: box.height,
    };
    for (const [name, value] of Object.entries(place)) image.setAttribute(name, String(value));
    image.setAttribute('preserveAspectRatio', 'none');
    image.setAttribute('href', canvas.toDataURL('image/png'));
    return image;
  });
}

/** A canvas's pixels as a PNG on the page's background colour (its transparent parts filled). */
export async function canvasToPng(source: HTMLCanvasElement): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = getComputedStyle(document.body).backgroundColor || 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(source, 0, 0);
  return pngOf(canvas);
}

/** The canvas encoded as a PNG file. */
function pngOf(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
      'image/png',
    ),
  );
}

/**
 * The standalone SVG drawn into a PNG at `scale` times its size, on the page's background colour
 * (a transparent PNG of dark-theme text would be unreadable on white).
 */
export async function svgToPng(svgText: string, svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil((height + HEADER) * scale);
  const context = canvas.getContext('2d')!;
  context.fillStyle = getComputedStyle(document.body).backgroundColor || 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, width, height + HEADER);
  return pngOf(canvas);
}

/** A file name for the chart: its title in lower case, words joined by hyphens. */
export const chartFileName = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'chart';
