// What an uploaded SVG badge image may keep: static SVG 1.1/2 drawing, in the SVG namespace. Everything
// that can run, fetch or navigate is refused by the cleaner before this list is asked (scripts,
// handlers, foreignObject, animation, external references); what is neither allowed here nor refused
// (editor metadata such as Inkscape's namespaces, unknown attributes) is dropped.

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
export const XLINK_NAMESPACE = 'http://www.w3.org/1999/xlink';
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** Elements that draw, group, reuse or describe: nothing that runs, animates or embeds another document. */
export const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'title', 'desc', 'switch', 'a',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'style',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
  'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
  'feGaussianBlur', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting',
  'feSpotLight', 'feTile', 'feTurbulence',
]);

/** Elements whose character data is content (drawn text, titles, the stylesheet); elsewhere only whitespace is kept. */
export const TEXT_ELEMENTS = new Set(['title', 'desc', 'text', 'tspan', 'textPath', 'style']);

/**
 * Elements that make an image active wherever they are and whatever their namespace: they are refused,
 * not dropped, so the uploader learns the image was not what they thought. `set` and the `animate*`
 * elements can rewrite any attribute (an `href` to `javascript:`) after the image is checked.
 */
export const ACTIVE_ELEMENTS = new Set([
  'script', 'foreignObject', 'handler', 'listener', 'iframe', 'embed', 'object', 'frame', 'frameset', 'applet', 'base', 'meta', 'link',
  'set', 'animate', 'animateMotion', 'animateTransform', 'animateColor', 'discard', 'video', 'audio',
]);

/** Attributes without a namespace that any kept element may carry. */
export const ATTRIBUTES = new Set([
  // structure, accessibility and text direction
  'id', 'class', 'style', 'lang', 'tabindex', 'role', 'focusable', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden',
  'version', 'baseProfile', 'width', 'height', 'x', 'y', 'viewBox', 'preserveAspectRatio', 'transform',
  'requiredFeatures', 'requiredExtensions', 'systemLanguage',
  // geometry
  'd', 'pathLength', 'cx', 'cy', 'r', 'rx', 'ry', 'x1', 'y1', 'x2', 'y2', 'points', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust',
  'startOffset', 'method', 'spacing', 'side',
  // paint servers, clipping, masking, markers
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'fx', 'fy', 'fr', 'offset', 'patternUnits', 'patternContentUnits',
  'patternTransform', 'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerUnits', 'markerWidth', 'markerHeight', 'refX',
  'refY', 'orient', 'href',
  // filters
  'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'mode', 'type', 'values', 'tableValues', 'slope', 'intercept',
  'amplitude', 'exponent', 'operator', 'k1', 'k2', 'k3', 'k4', 'order', 'kernelMatrix', 'divisor', 'bias', 'targetX', 'targetY',
  'edgeMode', 'kernelUnitLength', 'preserveAlpha', 'surfaceScale', 'diffuseConstant', 'specularConstant', 'specularExponent',
  'scale', 'xChannelSelector', 'yChannelSelector', 'stdDeviation', 'radius', 'azimuth', 'elevation', 'z', 'pointsAtX',
  'pointsAtY', 'pointsAtZ', 'limitingConeAngle', 'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'media',
  // presentation attributes (SVG 1.1 §6.4 and SVG 2)
  'alignment-baseline', 'baseline-shift', 'clip', 'clip-path', 'clip-rule', 'color', 'color-interpolation',
  'color-interpolation-filters', 'color-profile', 'color-rendering', 'direction', 'display', 'dominant-baseline',
  'enable-background', 'fill', 'fill-opacity', 'fill-rule', 'filter', 'flood-color', 'flood-opacity', 'font', 'font-family',
  'font-size', 'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-weight', 'glyph-orientation-horizontal',
  'glyph-orientation-vertical', 'image-rendering', 'kerning', 'letter-spacing', 'lighting-color', 'marker', 'marker-end',
  'marker-mid', 'marker-start', 'mask', 'mask-type', 'opacity', 'overflow', 'paint-order', 'pointer-events', 'shape-rendering',
  'stop-color', 'stop-opacity', 'stroke', 'stroke-dasharray', 'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin',
  'stroke-miterlimit', 'stroke-opacity', 'stroke-width', 'text-anchor', 'text-decoration', 'text-rendering', 'transform-origin',
  'unicode-bidi', 'vector-effect', 'visibility', 'word-spacing', 'writing-mode', 'white-space',
]);

/** Attributes in the XML namespace that are kept (`xml:base` is not: it would re-point relative references). */
export const XML_ATTRIBUTES = new Set(['space', 'lang']);
