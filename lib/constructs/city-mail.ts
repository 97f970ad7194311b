// The city's outgoing mail: an SES v2 configuration set (bounces and complaints suppressed at the
// account level by reason, TLS required, reputation metrics on) and the email identity mail is sent
// from: the city's domain (DKIM records in its Route 53 zone when the city names one) or, for a dev
// city without a domain, the address in `mail.fromAddress`. The only way a function sends: bindSender,
// ses:SendEmail on that identity and configuration set, nothing else.
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { CityConfig } from '../../definitions/city-config';
import { mailConfigurationSetName, mailEnvironment, mailFromAddress } from '../../definitions/mail';
import type { CityFunction } from './city-function';

export class CityMail extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  /** The verified identity, when the city has one to verify (its domain, or a named address). */
  readonly identity?: ses.EmailIdentity;
  readonly fromAddress: string;
  /** The identity's name as SES's ARN names it: the domain, or the address. */
  readonly identityName: string;
  /** The verified domain the From address is under, when the identity is a domain. */
  readonly verifiedDomain?: string;
  private readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, props: { config: CityConfig }) {
    super(scope, id);
    const { config } = props;
    this.fromAddress = mailFromAddress(config);
    this.environment = mailEnvironment(config);
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: mailConfigurationSetName(config.id),
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
    });
    const domain = config.customDomain;
    const fromOwnDomain = domain && !config.mail?.fromAddress;
    if (fromOwnDomain) {
      const identity = new ses.EmailIdentity(this, 'Identity', { identity: ses.Identity.domain(domain.domainName), configurationSet: this.configurationSet });
      if (domain.route53) {
        // Easy DKIM: the three CNAME records SES gives, in the city's zone.
        const zone = route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: domain.route53.hostedZoneId, zoneName: domain.route53.zoneName });
        identity.dkimRecords.forEach((record, i) => new route53.CnameRecord(this, `Dkim${i + 1}`, { zone, recordName: record.name, domainName: record.value }));
      }
      this.identity = identity;
      this.identityName = domain.domainName;
      this.verifiedDomain = domain.domainName;
    } else if (config.mail?.fromAddress) {
      this.identity = new ses.EmailIdentity(this, 'Identity', { identity: ses.Identity.email(config.mail.fromAddress), configurationSet: this.configurationSet });
      this.identityName = config.mail.fromAddress;
    } else {
      this.identityName = this.fromAddress;
    }
  }

  bindSender(target: CityFunction): void {
    for (const [name, value] of Object.entries(this.environment)) target.fn.addEnvironment(name, value);
    const stack = Stack.of(this);
    target.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: this.identityName }),
          stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
        ],
        // Only from the city's own address.
        conditions: { StringEquals: { 'ses:FromAddress': this.fromAddress } },
      }),
    );
  }
}
