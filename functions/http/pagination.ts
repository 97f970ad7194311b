// Every list route pages the same way: `?limit=1..100&cursor=…`, answering `{items, next?}` where
// `next` is an opaque cursor for the following page (functions/domain/cursors.ts), in a stable key order.
import * as z from 'zod/mini';
import { cityKeys } from '../auth/city-secret';
import type { KeyPage } from '../data/client';
import { cursorKeyId, decodeCursor, encodeCursor } from '../domain/cursors';

export const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 50;

export const PageQuery = z.object({
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^([1-9]\d?|100)$/, `must be a number from 1 to ${MAX_PAGE_SIZE}`), z.describe(`Items per page, 1-${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`)),
      z.transform((v) => Number(v)),
    ),
  ),
  cursor: z.optional(z.string().check(z.maxLength(2000), z.describe('The next page: `next`, from the previous page of this list'))),
});

/** One page of a list, as every list route answers it. */
export const pageOf = <T extends z.ZodMiniType>(item: T) =>
  z.object({
    items: z.array(item),
    next: z.optional(z.string().check(z.describe('Pass as `cursor` for the next page; absent on the last one'))),
  });
export type PageRequest = z.infer<typeof PageQuery>;

/** Reads one page of `list`: the cursor is checked against the list before any read. */
export async function readPage<T>(
  list: string,
  request: PageRequest,
  read: (limit: number, start: Record<string, unknown> | undefined) => Promise<KeyPage<T>>,
): Promise<{ items: T[]; next?: string }> {
  const keys = await cityKeys('cursor-signatures', request.cursor === undefined ? [] : [cursorKeyId(request.cursor)]);
  const start = request.cursor === undefined ? undefined : decodeCursor(request.cursor, keys, list);
  const page = await read(request.limit ?? DEFAULT_PAGE_SIZE, start);
  return { items: page.items, ...(page.next ? { next: encodeCursor(page.next, keys, list) } : {}) };
}
