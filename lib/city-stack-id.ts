// A city's stack name, from its id: what `cdk deploy` takes. Kept apart from the stack so that
// scripts can name it without loading aws-cdk-lib.
import type { CityConfig } from '../definitions/city-config';

export const cityStackId = (config: Pick<CityConfig, 'id'>) => `CityOfLearning-${config.id}`;
