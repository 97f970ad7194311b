// How deeply JSON text nests arrays and objects, read in one pass without parsing (so without
// recursion). JSON.parse copes with any depth, but much that handles parsed JSON recurses (JSON.stringify,
// JSON-LD expansion, canonicalisation, schema checks), and 10,000 levels overflow the stack: JSON from
// outside is refused before it gets that far. Badge documents nest a handful of levels.
export const MAX_JSON_DEPTH = 64;

export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

export const nestsTooDeeply = (text: string) => jsonDepth(text) > MAX_JSON_DEPTH;
