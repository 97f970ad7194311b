// The portal's static assets. Leaflet comes from its npm package: in AWS the files are copied beside
// the bundle (the route group's `assets`), locally they are read from node_modules. Read once per
// container.
import { readFileSync } from 'node:fs';
// Not a named import of createRequire: the Lambda bundle's banner already declares that name.
import nodeModule from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAP_SCRIPT } from '../domain/pages/map-script';
import type { AssetName } from './contract';


const TYPES: Record<AssetName, string> = {
  'leaflet.js': 'text/javascript; charset=utf-8',
  'leaflet.css': 'text/css; charset=utf-8',
  'opportunity-map.js': 'text/javascript; charset=utf-8',
};

function leafletFile(name: string): string {
  const beside = fileURLToPath(new URL(`./${basename(name)}`, import.meta.url));
  try {
    return readFileSync(beside, 'utf8');
  } catch {
    return readFileSync(nodeModule.createRequire(import.meta.url).resolve(`leaflet/dist/${name}`), 'utf8');
  }
}

const cache = new Map<AssetName, string>();

export function asset(name: AssetName): { body: string; contentType: string } {
  let body = cache.get(name);
  if (body === undefined) {
    body = name === 'opportunity-map.js' ? MAP_SCRIPT : leafletFile(name);
    cache.set(name, body);
  }
  return { body, contentType: TYPES[name] };
}
