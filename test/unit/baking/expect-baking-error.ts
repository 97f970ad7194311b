import { expect } from 'vitest';
import { BakingError } from '../../../functions/domain/baking';

export function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return expect.fail('expected it to throw');
}

export function expectBakingError(run: () => unknown, code: BakingError['code']) {
  const error = thrownBy(run);
  expect(error).toBeInstanceOf(BakingError);
  expect((error as BakingError).code).toBe(code);
}
