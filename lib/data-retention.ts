// What happens to a city's stored data when its stack is deleted, from the config's `dataRetention`.
import { RemovalPolicy } from 'aws-cdk-lib';
import type { CityConfig } from '../definitions/city-config';

export type DataRetention = CityConfig['dataRetention'];

export const removalPolicyFor = (retention: DataRetention): RemovalPolicy =>
  retention === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
