// QR codes as inline SVG, drawn on the server by the `qrcode` library: no script, no image request,
// sharp at any print size. Error correction level M (15 % of the symbol may be lost: a crease or a
// smudge on a printed sheet) with the four-module quiet zone the standard asks for.
import QRCode from 'qrcode';
import { markSafe, escapeHtml, type SafeHtml } from './html';

/** The QR code of `text` as an <svg> labelled `label` for assistive technology (it is an image of `text`). */
export async function qrSvg(text: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  // The library's own markup (paths and numbers only); the label is ours, escaped.
  return markSafe(svg.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(label)}" class="qr" `));
}
