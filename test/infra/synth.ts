// Synthesising cities the way `cdk synth` does (same feature flags from cdk.json, same addCities with
// cdk-nag), into a temporary folder, and reading what cdk-nag found and acknowledged.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations, type NestedStack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { expect } from 'vitest';
import { parseCityConfig, type CityConfig } from '../../definitions/city-config';
import { addCities } from '../../lib/city-app';
import type { CityStack } from '../../lib/city-stack';

const cdkJsonContext = (JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> }).context;

/** An app like the CLI's: cdk.json's feature flags, errors thrown (not printed), output in a temp folder. */
export function newApp(context: Record<string, unknown> = {}): App {
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'city-synth-')),
    context: { ...cdkJsonContext, '@aws-cdk/core:appMode': 'inmemory', ...context },
  });
}

export const demoJson = () => JSON.parse(readFileSync('cities/demo.json', 'utf8')) as Record<string, any>;

export const demoCity = (): CityConfig => parseCityConfig(demoJson(), 'cities/demo.json');

/** A production city as a real one would look: retained data, its own domain and account. */
export const productionCity = (): CityConfig =>
  parseCityConfig(
    {
      ...demoJson(),
      id: 'metropolis',
      name: 'Metropolis City of Learning',
      stage: 'production',
      dataRetention: 'retain',
      aws: { account: '123456789012', region: 'eu-west-2' },
      customDomain: {
        domainName: 'learn.metropolis.example.org',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
        route53: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'metropolis.example.org' },
      },
      operations: { alarmEmail: 'city-ops@metropolis.example.org' },
      api: { rateLimit: 200, burstLimit: 400 },
      imports: { maxWorkers: 12 },
    },
    'test: production city',
  );

export interface SynthesisedCities {
  app: App;
  stacks: CityStack[];
  template(stack: CityStack): Template;
  /** Every finding cdk-nag reported and nothing acknowledged, as `rule @ construct path`. */
  nagFindings: string[];
}

/**
 * Synthesises the cities once. Validation failures are written to the report instead of thrown, so
 * that a new finding fails the one test about findings (with its rule and path) and not every test.
 */
export function synthCities(configs: CityConfig[]): SynthesisedCities {
  const app = newApp({ '@aws-cdk/core:failSynthOnValidationErrors': false });
  const stacks = addCities(app, configs, {});
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { pluginName: string; violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
  };
  const templates = new Map(stacks.map((stack) => [stack, Template.fromStack(stack)]));
  return {
    app,
    stacks,
    template: (stack) => templates.get(stack)!,
    nagFindings: report.pluginReports
      .filter((plugin) => plugin.pluginName === 'AwsSolutions')
      .flatMap((plugin) => plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} @ ${c.constructPath}`))),
  };
}

export interface Acknowledgement {
  id: string;
  reason: string;
  /** Path of the construct the acknowledgement was made on. */
  path: string;
}

/** Every cdk-nag acknowledgement made under `scope`. */
export function acknowledgementsUnder(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([qualifiedId, reason]) => ({ id: qualifiedId.replace(/^annotation::/i, ''), reason, path: construct.node.path }))
      .filter((ack) => ack.id.startsWith('AwsSolutions-')),
  );
}

/**
 * The acknowledgements cdk-nag actually used under `scope`, as `rule @ path of the resource`. Uses the
 * pack's private acknowledgement check (cdk-nag 3 reports no suppressed findings), so a cdk-nag
 * upgrade that renames it fails here loudly rather than quietly passing.
 */
export function acknowledgementsUsed(scope: IConstruct): string[] {
  const pack = new AwsSolutionsChecks();
  const internals = pack as unknown as { isAcknowledged: (node: IConstruct, ruleId: string) => boolean };
  if (typeof internals.isAcknowledged !== 'function') throw new Error('cdk-nag no longer has isAcknowledged; update this helper');
  const check = internals.isAcknowledged.bind(pack);
  const used: string[] = [];
  internals.isAcknowledged = (node, ruleId) => {
    const acknowledged = check(node, ruleId);
    if (acknowledged) used.push(`${ruleId} @ ${node.node.path}`);
    return acknowledged;
  };
  pack.validateScope(scope);
  return used;
}

/** Acknowledgements that no finding needed: dead code that would hide a future finding. */
export function unusedAcknowledgements(scope: IConstruct): string[] {
  const used = acknowledgementsUsed(scope);
  return acknowledgementsUnder(scope)
    .filter((ack) => !used.some((u) => u.startsWith(`${ack.id} @ ${ack.path}/`) || u === `${ack.id} @ ${ack.path}`))
    .map((ack) => `${ack.id} @ ${ack.path}`);
}

/** Each action, with the object keys it is allowed on (the bucket's ARN's suffixes); CDK merges statements as it sees fit. */
export function objectAccess(statements: any[]): Record<string, string[]> {
  const access: Record<string, string[]> = {};
  for (const statement of statements) {
    expect(statement.Effect).toBe('Allow');
    const suffixes = [statement.Resource].flat().map((resource: any) => {
      const [getAtt, suffix] = resource['Fn::Join'][1];
      expect(getAtt['Fn::GetAtt']).toEqual([expect.stringMatching(/^BadgeImagesBucket/), 'Arn']);
      return suffix as string;
    });
    for (const action of [statement.Action].flat() as string[]) (access[action] ??= []).push(...suffixes);
  }
  return Object.fromEntries(Object.entries(access).map(([action, suffixes]) => [action, suffixes.sort()]));
}

/**
 * A city's monitoring (a nested stack) as the city passes it in: every parameter replaced by the city
 * stack's value for it, so that its alarms name the city's functions, queues and topic by their logical
 * ids, as if in one stack.
 */
export function monitoringOf(city: CityStack): Template {
  const nested = Stack.of(city.monitoring) as NestedStack;
  const parent = Template.fromStack(city).toJSON() as { Resources: Record<string, { Properties?: { Parameters?: Record<string, unknown> } }> };
  const passed = parent.Resources[city.resolve(nested.nestedStackResource!.logicalId) as string]!.Properties!.Parameters ?? {};
  const substitute = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(substitute);
    if (value === null || typeof value !== 'object') return value;
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === 'string' && Object.keys(value).length === 1 && ref in passed) return passed[ref];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
  };
  const { Parameters: _parameters, ...template } = Template.fromStack(nested).toJSON();
  return Template.fromJSON(substitute(template) as Record<string, unknown>);
}
