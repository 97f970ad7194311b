// The repository root, so that handler entries from the route table (relative to the root) and the
// cities/ folder resolve the same whether the app runs from the CDK CLI, a test or a script.
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');
