// Matching a request path against the route table's templates, as API Gateway does: `{name}` takes
// one whole segment, literal segments must be equal. Used by the local server to route, and by the
// fallback route to tell 404 (no such path) from 405 (path exists, method does not).
import { routes, type Route } from '../../definitions/routes';

export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      params[w.slice(1, -1)] = g;
    } else if (w !== g) {
      return undefined;
    }
  }
  return params;
}

/** Methods that some route accepts on this path (HEAD where a GET route also answers it). */
export const allowedMethods = (path: string): string[] =>
  [...new Set((routes as readonly Route[]).filter((r) => matchPath(r.path, path)).flatMap((r) => (r.head ? [r.method, 'HEAD'] : [r.method])))].sort();
