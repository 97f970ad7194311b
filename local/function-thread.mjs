// The first module of a local function's thread: TypeScript support (as `npm start` has), then the
// function's runtime. Plain JavaScript, because nothing can load TypeScript before this has run.
import { register } from 'tsx/esm/api';

register();
await import('./function-runtime.ts');
