// Business metrics: Powertools EMF on stdout in Lambda; through the structured logger elsewhere (the
// local city, where the default WARN level keeps them out of `npm start`); published after every
// request of the HTTP chain, failed ones included; nothing at all when nothing was counted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { businessMetrics } from '../../definitions/metrics';
import { DomainError } from '../../functions/domain/errors';
import { logger } from '../../functions/http/logger';
import { countMetric, countSigningError, countVerification, flushMetrics, verdictOf } from '../../functions/http/observability';
import { json } from '../../functions/http/reply';
import { httpRoute } from '../../functions/http/route';
import { context, httpEvent } from '../support/events';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

type Emf = { _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] } } & Record<string, unknown>;

/** The EMF documents logged through the logger while `run` runs. */
async function loggedMetrics(run: () => unknown): Promise<Emf[]> {
  const info = vi.spyOn(logger, 'info');
  info.mockClear();
  await run();
  return info.mock.calls.filter(([message]) => message === 'metrics').map(([, extra]) => (extra as { metrics: Emf }).metrics);
}

describe('outside Lambda', () => {
  it('logs the counted metrics as one EMF document, under the city service, and clears them', async () => {
    const [emf, ...rest] = await loggedMetrics(() => {
      countMetric(businessMetrics.awardsIssued);
      countMetric(businessMetrics.awardsIssued);
      countMetric(businessMetrics.revocations);
      flushMetrics();
    });
    expect(rest).toEqual([]);
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'CitiesOfLearning', Dimensions: [['service']] });
    expect(emf).toMatchObject({ service: 'cities-of-learning', AwardsIssued: 2, Revocations: 1 });
    expect(await loggedMetrics(flushMetrics)).toEqual([]);
  });

  it('sums a busy invocation into one value per metric, published only when it ends', async () => {
    const write = vi.spyOn(process.stdout, 'write');
    const [emf, ...rest] = await loggedMetrics(() => {
      for (let i = 0; i < 250; i++) countMetric(businessMetrics.awardsIssued);
      expect(write).not.toHaveBeenCalled();
      flushMetrics();
    });
    expect(rest).toEqual([]);
    expect(emf).toMatchObject({ AwardsIssued: 250 });
  });

  it('publishes nothing, and warns of nothing, when nothing was counted', async () => {
    const warn = vi.spyOn(console, 'warn');
    const write = vi.spyOn(process.stdout, 'write');
    expect(await loggedMetrics(flushMetrics)).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    expect(write).not.toHaveBeenCalled();
  });

  it('counts a verification under its verdict, at once', async () => {
    const [emf] = await loggedMetrics(() => countVerification({ verified: false, reports: [{}] }));
    expect(emf!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', 'verdict']]);
    expect(emf).toMatchObject({ verdict: 'not-verified', Verifications: 1 });
  });

  it.each([
    [{ verified: true, reports: [{}] }, 'verified'],
    [{ verified: false, reports: [{}, {}] }, 'not-verified'],
    [{ verified: false, reports: [] }, 'no-badge'],
  ])('names the verdict of %j %s', (result, verdict) => {
    expect(verdictOf(result)).toBe(verdict);
  });

  it('counts a failed signature and rethrows its error', async () => {
    const failure = new Error('KMS throttled');
    const [emf] = await loggedMetrics(async () => {
      await expect(Promise.reject(failure).catch(countSigningError)).rejects.toBe(failure);
      flushMetrics();
    });
    expect(emf).toMatchObject({ SigningErrors: 1 });
  });
});

describe('the HTTP chain', () => {
  const route = (fail: boolean) =>
    httpRoute({}, async () => {
      countMetric(businessMetrics.importsSubmitted);
      if (fail) throw new DomainError('conflict', 'not now');
      return json({ ok: true });
    });

  it.each([
    ['a request that succeeds', false, 200],
    ['a request that fails', true, 409],
  ])('publishes what %s counted', async (_case, fail, status) => {
    const [emf] = await loggedMetrics(async () => {
      expect((await route(fail)(httpEvent({ path: '/health' }), context)).statusCode).toBe(status);
    });
    expect(emf).toMatchObject({ ImportsSubmitted: 1 });
  });
});

describe('in Lambda', () => {
  it('writes EMF to stdout, where CloudWatch reads it, and not through the logger', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'city-unit-awards');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'city-unit');
    vi.resetModules();
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const observability = await import('../../functions/http/observability');
    const logged = await loggedMetrics(async () => {
      const { logger: freshLogger } = await import('../../functions/http/logger');
      const info = vi.spyOn(freshLogger, 'info');
      observability.countMetric(businessMetrics.awardsIssued, 3);
      observability.flushMetrics();
      expect(info).not.toHaveBeenCalled();
    });
    expect(logged).toEqual([]);
    const emf = lines.map((line) => JSON.parse(line) as Emf).find((doc) => doc._aws);
    expect(emf).toMatchObject({ service: 'city-unit', AwardsIssued: 3 });
    expect(emf!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'AwardsIssued', Unit: 'Count' }]);
  });
});

describe('traces', () => {
  async function chainIn(traceHeader: string) {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'city-unit-badges');
    vi.stubEnv('_X_AMZN_TRACE_ID', traceHeader);
    vi.resetModules();
    const hooks: string[] = [];
    let loaded = 0;
    vi.doMock('../../functions/http/tracing', () => {
      loaded++;
      return { traceHandler: { before: () => void hooks.push('before'), after: () => void hooks.push('after'), onError: () => void hooks.push('onError') } };
    });
    const { httpRoute: route } = await import('../../functions/http/route');
    const { json: reply } = await import('../../functions/http/reply');
    const ok = route({}, async () => reply({ ok: true }));
    const failing = route({}, async () => {
      throw new Error('boom');
    });
    await ok(httpEvent({ path: '/health' }), context);
    await failing(httpEvent({ path: '/health' }), context);
    vi.doUnmock('../../functions/http/tracing');
    return { hooks, loaded };
  }

  it('are recorded for a sampled invocation, the tracer loaded once, on success and on error', async () => {
    const { hooks, loaded } = await chainIn('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
    expect(loaded).toBe(1);
    expect(hooks).toEqual(['before', 'after', 'before', 'onError']);
  });

  it('never load the tracer (the X-Ray SDK) for an invocation X-Ray did not sample', async () => {
    const { hooks, loaded } = await chainIn('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0');
    expect(loaded).toBe(0);
    expect(hooks).toEqual([]);
  });
});
