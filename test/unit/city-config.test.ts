import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CityConfigError, parseCityConfig } from '../../definitions/city-config';

const demo = () => JSON.parse(readFileSync('cities/demo.json', 'utf8')) as Record<string, any>;

function problemsOf(config: unknown): string[] {
  try {
    parseCityConfig(config, 'cities/x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(CityConfigError);
    expect((error as Error).message).toContain('cities/x.json');
    return (error as CityConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('city config', () => {
  it('accepts the demo city, with defaults filled in', () => {
    const config = parseCityConfig(demo(), 'cities/demo.json');
    expect(config.id).toBe('demo');
    expect(config.skillsSpine.skills.length).toBeGreaterThanOrEqual(8);
    expect(new Set(config.skillsSpine.skills.map((s) => s.group)).size).toBeGreaterThanOrEqual(2);
    expect(config.skillsSpine.skills.find((s) => s.id === 'creativity')?.levels).toEqual({});
  });

  it('names the field of each problem', () => {
    const config = demo();
    config.branding.primaryColour = 'blue';
    config.skillsSpine.skills[1].id = config.skillsSpine.skills[0].id;
    config.skillsSpine.skills[2].group = 'nowhere';
    config.skillsSpine.skills[0].levels = { wizard: 'casts spells' };
    expect(problemsOf(config).sort()).toEqual([
      'branding.primaryColour: must be a colour like #1a2b3c',
      'skillsSpine.skills[0].levels.wizard: unknown level "wizard"',
      'skillsSpine.skills[1].id: duplicate id "communication"',
      'skillsSpine.skills[2].group: unknown group "nowhere"',
    ]);
  });

  it('throttles write routes no more loosely than the stage, defaulting to stricter limits', () => {
    expect(problemsOf({ ...demo(), api: { rateLimit: 50, burstLimit: 100, writeRateLimit: 60 } })).toEqual([expect.stringMatching(/^api: write routes are throttled more strictly/)]);
    expect(parseCityConfig({ ...demo(), api: { rateLimit: 50 } }, 'x').api).toEqual({ rateLimit: 50, burstLimit: 100, writeRateLimit: 10, writeBurstLimit: 20 });
  });

  it('allows "destroy" only for dev cities', () => {
    const config = {
      ...demo(),
      stage: 'production',
      // everything else a production city needs (test/infra/operations.test.ts)
      customDomain: { domainName: 'learn.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555' },
      aws: { account: '123456789012', region: 'eu-west-2' },
      operations: { alarmEmail: 'ops@example.org' },
    };
    expect(problemsOf(config)).toEqual([expect.stringMatching(/^dataRetention: "destroy" is allowed only for dev cities/)]);
    expect(() => parseCityConfig({ ...config, dataRetention: 'retain' }, 'x')).not.toThrow();
  });

  it('rejects a missing spine, a bad id and a certificate outside us-east-1', () => {
    const { skillsSpine: _unused, ...config } = demo();
    const problems = problemsOf({
      ...config,
      id: 'Bad City',
      customDomain: { domainName: 'learn.example.org', certificateArn: 'arn:aws:acm:eu-west-2:123456789012:certificate/11111111-2222-3333-4444-555555555555' },
    });
    expect(problems).toContainEqual(expect.stringMatching(/^id: must be a lowercase slug/));
    expect(problems).toContainEqual(expect.stringMatching(/^customDomain\.certificateArn: must be an ACM certificate ARN in us-east-1/));
    expect(problems).toContainEqual(expect.stringMatching(/^skillsSpine: /));
  });
});
