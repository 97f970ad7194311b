// A city's stack names, from its id: what `cdk deploy` takes. Kept apart from the stacks so that
// scripts can name them without loading aws-cdk-lib.
import type { CityConfig } from '../definitions/city-config';

export const cityStackId = (config: Pick<CityConfig, 'id'>) => `CityOfLearning-${config.id}`;

/** The city's WAF web ACL, in us-east-1, deployed before the city stack. */
export const firewallStackId = (config: Pick<CityConfig, 'id'>) => `${cityStackId(config)}-Firewall`;

/** The alarm on the city's CloudFront distribution, in us-east-1, deployed after the city stack. */
export const edgeAlarmsStackId = (config: Pick<CityConfig, 'id'>) => `${cityStackId(config)}-EdgeAlarms`;
