// The city's AWS WAF web ACL, in front of its CloudFront distribution (so it lives in us-east-1, in the
// city's firewall stack): AWS's managed common and known-bad-inputs rule groups, and rate-based rules
// per client IP for the routes that cost the most or invite guessing.
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { CityConfig } from '../../definitions/city-config';
import type { RouteKey } from '../../definitions/routes';

type RateLimitSetting = Exclude<keyof CityConfig['firewall'], 'writeRateLimit'>;

/**
 * Routes with a rate limit of their own, by route key (checked against the route table), each with the
 * city config setting that holds its limit. Sign-in and claim routes join here when they land.
 */
export const rateLimitedRoutes: Partial<Record<RouteKey, RateLimitSetting>> = {
  // Every verification may fetch documents from other hosts and checks signatures: the dearest public call.
  'POST /verify': 'verifyRateLimit',
  // Claim codes are unguessable, but each claim tried costs a read and a rate counter write.
  'POST /claim/{code}': 'claimRateLimit',
};

/** WAF inspects no more than this of a body at CloudFront (its default); larger uploads are legitimate here. */
const BODY_SIZE_RULE = 'SizeRestrictions_BODY';

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const noTransform = [{ priority: 0, type: 'NONE' }];

const methodIs = (method: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { method: {} }, positionalConstraint: 'EXACTLY', searchString: method, textTransformations: noTransform },
});

/** The viewer path of a route: exactly, or by a regex where the template has `{parameters}`. */
function pathIs(path: string): wafv2.CfnWebACL.StatementProperty {
  if (!path.includes('{')) {
    return { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'EXACTLY', searchString: path, textTransformations: noTransform } };
  }
  const regex = `^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`;
  return { regexMatchStatement: { fieldToMatch: { uriPath: {} }, regexString: regex, textTransformations: noTransform } };
}

const tooManyRequests: wafv2.CfnWebACL.RuleActionProperty = { block: { customResponse: { responseCode: 429 } } };

function rateRule(name: string, priority: number, limit: number, scopeDownStatement: wafv2.CfnWebACL.StatementProperty): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: tooManyRequests,
    statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', evaluationWindowSec: 300, scopeDownStatement } },
    visibilityConfig: visibility(name),
  };
}

function managedRules(name: string, priority: number, overrides: string[] = []): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(overrides.length ? { ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

export interface EdgeFirewallProps {
  firewall: CityConfig['firewall'];
  /** Prefix of the web ACL's CloudWatch metric names. */
  name: string;
}

export class EdgeFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    const routeRules = Object.entries(rateLimitedRoutes).map(([key, setting], index) => {
      const [method, path] = key.split(' ') as [string, string];
      return rateRule(`RateLimit-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`, 10 + index, props.firewall[setting!], {
        andStatement: { statements: [methodIs(method), pathIs(path)] },
      });
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'City of Learning: managed common and known-bad-inputs rules, rate limits per client IP',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        // Badge images, CSV imports and baked badges to verify are bodies larger than the rule's 8 KB:
        // counted, not blocked. API Gateway and each route's own limit bound body sizes.
        managedRules('AWSManagedRulesCommonRuleSet', 0, [BODY_SIZE_RULE]),
        managedRules('AWSManagedRulesKnownBadInputsRuleSet', 1),
        ...routeRules,
        // Every write together (awards, imports, keys), per IP: well above a provider's integration, far below a flood.
        rateRule('RateLimit-writes', 20, props.firewall.writeRateLimit, {
          orStatement: { statements: ['POST', 'PUT', 'PATCH', 'DELETE'].map(methodIs) },
        }),
      ],
    });
  }
}
