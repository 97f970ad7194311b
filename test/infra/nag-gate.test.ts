// The app's cdk-nag setup is a gate: any finding nobody acknowledged fails synth, a warning as much as
// an error. A stray resource beside the (empty) set of cities stands in for a new finding.
import { Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { addCities } from '../../lib/city-app';
import { newApp } from './synth';

function appWith(addStray: (stack: Stack) => void) {
  const app = newApp();
  addCities(app, []);
  addStray(new Stack(app, 'Stray'));
  return app;
}

// A table without point-in-time recovery: cdk-nag rates AwsSolutions-DDB3 a warning.
const tableWithoutPitr = (stack: Stack) =>
  new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });

describe('cdk-nag gate', () => {
  it('fails synth on an unacknowledged warning', () => {
    expect(() => appWith(tableWithoutPitr).synth()).toThrow(/WARNING[^\n]*\n\s+Stray\/Table\/Resource[\s\S]*AwsSolutions-DDB3/);
  });

  it('fails synth on an unacknowledged error', () => {
    expect(() => appWith((stack) => new s3.Bucket(stack, 'Bucket')).synth()).toThrow(/Stray\/Bucket\/Resource[\s\S]*AwsSolutions-S1\b/);
  });

  it('passes once the finding is acknowledged on the resource', () => {
    const app = appWith((stack) => {
      const table = tableWithoutPitr(stack);
      Validations.of(table).acknowledge({ id: 'AwsSolutions-DDB3', reason: 'test: a scratch table' });
    });
    expect(() => app.synth()).not.toThrow();
  });
});
