// One city of learning: everything its config file describes, in one stack.
import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CityConfig } from '../definitions/city-config';
import { cityEnvironment } from '../definitions/city-env';
import { BadgeImages } from './constructs/badge-images';
import { CityApi } from './constructs/city-api';
import { CityData } from './constructs/city-data';
import { CitySecret } from './constructs/city-secret';
import { ImportJobs } from './constructs/import-jobs';
import { PublicSite } from './constructs/public-site';
import { SigningKey } from './constructs/signing-key';
import { SpineSync } from './constructs/spine-sync';

export interface CityStackProps extends StackProps {
  config: CityConfig;
}

export class CityStack extends Stack {
  constructor(scope: Construct, id: string, props: CityStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description: `Cities of Learning: ${config.name} (${config.id}, ${config.stage})`,
      // A production city cannot be deleted by one command by mistake.
      terminationProtection: config.stage === 'production',
      ...stackProps,
    });
    const { dataRetention } = config;

    const data = new CityData(this, 'Data', { dataRetention });
    const images = new BadgeImages(this, 'BadgeImages', { dataRetention });
    const api = new CityApi(this, 'Api', { throttle: config.api, dataRetention });
    const site = new PublicSite(this, 'PublicSite', {
      httpApi: api.httpApi,
      images,
      customDomain: config.customDomain,
    });
    // Handlers build absolute links, so they need the URL the public sees, not the API's own.
    const environment = cityEnvironment(config, site.publicBaseUrl);
    const citySecret = new CitySecret(this, 'CitySecret', { dataRetention });
    const signingKey = new SigningKey(this, 'SigningKey', { dataRetention });
    const imports = new ImportJobs(this, 'Imports', { environment, data, images, citySecret, signingKey, dataRetention });
    api.addRouteGroups({ environment, data, images, citySecret, signingKey, imports });
    new SpineSync(this, 'SpineSync', { spine: config.skillsSpine, environment, data, dataRetention });

    Tags.of(this).add('city', config.id);

    new CfnOutput(this, 'ApiUrl', { value: api.stage.url, description: 'The API Gateway endpoint (use PublicBaseUrl)' });
    new CfnOutput(this, 'PublicBaseUrl', { value: site.publicBaseUrl, description: "The city's public URL" });
    new CfnOutput(this, 'DistributionId', { value: site.distribution.distributionId });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: images.bucket.bucketName, description: 'Badge images' });
    // For `npm run admin-key`, which issues the first city-admin key (the ARN, never the secret).
    new CfnOutput(this, 'CitySecretArn', { value: citySecret.secret.secretArn });
  }
}
