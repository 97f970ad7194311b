// A city's two small stacks in us-east-1, where CloudFront's WAF web ACLs and metrics live whatever the
// city's own region: the firewall (deployed before the city, which attaches it to its distribution) and
// the CloudFront alarm (after it, since it names the distribution). Values cross regions the CDK way
// (`crossRegionReferences`: SSM parameters written and read by CDK's own custom resources).
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CityConfig } from '../definitions/city-config';
import { AlarmTopic } from './constructs/alarm-topic';
import { EdgeFirewall } from './constructs/edge-firewall';
import { AlarmSet, cloudFront5xxRate, thresholds } from './constructs/monitoring';

export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  config: CityConfig;
}

export class FirewallStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description: `Cities of Learning: ${config.name} (${config.id}), the WAF in front of its CloudFront distribution`,
      terminationProtection: config.stage === 'production',
      crossRegionReferences: true,
      ...stackProps,
    });
    const firewall = new EdgeFirewall(this, 'Firewall', { firewall: config.firewall, name: `city-${config.id}` });
    this.webAclArn = firewall.webAcl.attrArn;
  }
}

export interface EdgeAlarmsStackProps extends EdgeStackProps {
  distributionId: string;
}

export class EdgeAlarmsStack extends Stack {
  readonly alarmSet: AlarmSet;

  constructor(scope: Construct, id: string, props: EdgeAlarmsStackProps) {
    const { config, distributionId, ...stackProps } = props;
    super(scope, id, {
      description: `Cities of Learning: ${config.name} (${config.id}), alarms on its CloudFront distribution`,
      terminationProtection: config.stage === 'production',
      crossRegionReferences: true,
      ...stackProps,
    });
    const topic = new AlarmTopic(this, 'Alarms', { email: config.operations?.alarmEmail });
    this.alarmSet = new AlarmSet(this, topic.topic);
    this.alarmSet.add(
      'CloudFront-5xxRate',
      `More than ${thresholds.cloudFront5xxPercent}% of CloudFront answers are 5xx (origin errors, timeouts, TLS to the origin)`,
      cloudFront5xxRate(distributionId),
      thresholds.cloudFront5xxPercent,
      { evaluationPeriods: 3 },
    );
  }
}
