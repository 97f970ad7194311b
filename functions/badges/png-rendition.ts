// PNG renditions of SVG badge images, for share previews: LinkedIn, Facebook and most chat apps show
// no SVG in a link preview. Drawn by resvg (@resvg/resvg-wasm: the Rust SVG renderer as WebAssembly,
// so one file works on any Lambda architecture with no native binary), with DejaVu Sans as every
// font (the default badge's text asks for Helvetica or Arial, which Lambda does not have). The wasm
// and fonts are copied beside the bundle (the route group's `assets`); locally they are read from
// node_modules. Loaded on the first rendition a container makes, not at cold start: most requests
// find the rendition already stored.
import { readFileSync } from 'node:fs';
// Not a named import of createRequire: the Lambda bundle's banner already declares that name.
import nodeModule from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';

/** The route group's assets: what `routeGroups.badges.assets` copies beside the bundle. */
export const RENDITION_ASSETS = {
  wasm: '@resvg/resvg-wasm/index_bg.wasm',
  fonts: ['dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'],
} as const;

/** Share previews want at least 200 px and show up to about 1200; a badge is drawn this wide. */
export const RENDITION_WIDTH = 600;

function assetFile(modulePath: string): Buffer {
  const beside = fileURLToPath(new URL(`./${basename(modulePath)}`, import.meta.url));
  try {
    return readFileSync(beside);
  } catch {
    return readFileSync(nodeModule.createRequire(import.meta.url).resolve(modulePath));
  }
}

let ready: Promise<Uint8Array[]> | undefined;

function renderer(): Promise<Uint8Array[]> {
  ready ??= initWasm(assetFile(RENDITION_ASSETS.wasm)).then(() => RENDITION_ASSETS.fonts.map((font) => new Uint8Array(assetFile(font))));
  // A failed start is not remembered: the next request tries again.
  ready.catch(() => (ready = undefined));
  return ready;
}

/** The SVG drawn as a PNG, RENDITION_WIDTH wide. The SVG is a cleaned one: it references nothing outside itself. */
export async function svgToPng(svg: Buffer): Promise<Buffer> {
  const fontBuffers = await renderer();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: RENDITION_WIDTH },
    // Some previews draw transparency as black: the badge sits on white, as on its page.
    background: '#ffffff',
    font: { fontBuffers, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans', serifFamily: 'DejaVu Sans' },
  });
  try {
    const image = resvg.render();
    try {
      return Buffer.from(image.asPng());
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
