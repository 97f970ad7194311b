// `npm run map-stack -- <folder> < stack.txt`: maps a stack that a Lambda printed with bundle positions
// (an error during init, which Lambda's runtime logs itself, before our logger could map it) to source
// files and lines. <folder> holds the function's code package unzipped (index.mjs and index.mjs.map,
// as the Lambda console's "Download" or `aws lambda get-function` gives it).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readableStack } from '../functions/http/readable-stack';

const folder = process.argv[2];
if (!folder) {
  console.error('Usage: npm run map-stack -- <unzipped code package folder> < stack.txt');
  process.exit(2);
}
// Lambda runs the package from /var/task.
const stack = readFileSync(0, 'utf8').replaceAll('/var/task/', `${resolve(folder)}/`);
process.stdout.write(readableStack(stack));
