// The city's public front door: one CloudFront distribution for the API (cached only as long as the
// API's Cache-Control allows) and the badge images (from the private bucket through OAC). Every answer
// leaves with HSTS and the security headers: the API's own where it sends them (pages and images carry
// their Content-Security-Policy), the page policy where it sends none, the image policy on images.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { Construct } from 'constructs';
import type { CityConfig } from '../../definitions/city-config';
import { HSTS_MAX_AGE_SECONDS, IMAGE_CONTENT_SECURITY_POLICY, PAGE_CONTENT_SECURITY_POLICY } from '../../definitions/security-headers';
import type { BadgeImages } from './badge-images';

export interface PublicSiteProps {
  httpApi: apigw.IHttpApi;
  images: BadgeImages;
  customDomain?: CityConfig['customDomain'];
  /** Headers CloudFront adds to every request to the API (the origin secret). */
  originHeaders?: Record<string, string>;
  /** The WAF web ACL (us-east-1) in front of the distribution; none only when the city's region is unknown at synth. */
  webAclArn?: string;
}

export class PublicSite extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** Where the city's public URLs live: the custom domain, else the CloudFront domain. */
  readonly publicBaseUrl: string;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    const { customDomain } = props;
    const stack = Stack.of(this);

    const apiOrigin = new origins.HttpOrigin(`${props.httpApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: props.originHeaders,
    });
    // The API decides what may be cached and for how long (Cache-Control); nothing is cached without it.
    // Accept is in the cache key so that content negotiation (JSON-LD, HTML) can never serve one
    // representation to a client that asked for another. Authorization is too, because CloudFront
    // forwards it on GET requests only when it is part of the key (GET /audit needs it); authenticated
    // answers are `no-store` anyway, so nothing is shared between callers.
    const apiCachePolicy = new cloudfront.CachePolicy(this, 'ApiCachePolicy', {
      comment: 'City API: honour origin Cache-Control, vary on Accept, Authorization and the query string',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Accept', 'Authorization'),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const securityHeaders = (contentSecurityPolicy: string, override: boolean): cloudfront.ResponseSecurityHeadersBehavior => ({
      contentSecurityPolicy: { contentSecurityPolicy, override },
      strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
    });
    // The API's CSP wins (override false): images from the API send the image policy, pages the page policy.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'City API: HSTS, nosniff, no framing, no referrer; the page CSP where the API sends none',
      securityHeadersBehavior: securityHeaders(PAGE_CONTENT_SECURITY_POLICY, false),
    });
    // Objects from the bucket carry no headers of their own: an SVG opened on its own runs nothing, loads nothing.
    const imageHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ImageHeaders', {
      comment: 'Badge images: HSTS, nosniff, no framing, no referrer, and a CSP under which nothing runs or loads',
      securityHeadersBehavior: securityHeaders(IMAGE_CONTENT_SECURITY_POLICY, true),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `City of Learning ${stack.stackName}`,
      defaultBehavior: {
        origin: apiOrigin,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: apiCachePolicy,
        // Everything the viewer sent except Host: API Gateway routes on its own host name. Accept also
        // reaches the origin through the cache key; CloudFront allows a header in both policies.
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: apiHeaders,
      },
      additionalBehaviors: {
        // Objects are stored under the images/ prefix, so the viewer path is the object key.
        '/images/*': {
          origin: origins.S3BucketOrigin.withOriginAccessControl(props.images.bucket),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: imageHeaders,
        },
      },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      enableLogging: true,
      logBucket: props.images.accessLogs,
      logFilePrefix: 'cloudfront/',
      ...(customDomain
        ? {
            domainNames: [customDomain.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.publicBaseUrl = `https://${customDomain ? customDomain.domainName : this.distribution.distributionDomainName}`;
    this.acknowledgeFindings(Boolean(customDomain), Boolean(props.webAclArn));
  }

  private acknowledgeFindings(hasCustomDomain: boolean, hasWebAcl: boolean): void {
    const validations = Validations.of(this.distribution.node.defaultChild!);
    validations.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction by design: an Open Badge must be verifiable by anyone, anywhere (employers, colleges ' +
        'and learners abroad), and the city publishes nothing that is restricted by country.',
    });
    if (!hasWebAcl) {
      validations.acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'Synthesised without a region (a dev city with no aws.region, outside the CDK CLI): the web ACL lives in a ' +
          'us-east-1 stack wired by a cross-region reference, which needs the region. `cdk deploy` always knows it and ' +
          'then attaches the WAF; a production city must name its region, so it always has one.',
      });
    }
    if (!hasCustomDomain) {
      validations.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'This city has no custom domain yet, so it uses the default *.cloudfront.net certificate, whose ' +
          'security policy CloudFront fixes (the minimum TLS version cannot be set). With a custom domain in the ' +
          'city config the distribution uses TLSv1.2_2021 and this finding does not arise.',
      });
    }
  }
}
