// Stands in for @aws-sdk/credential-provider-node in Lambda bundles. Lambda hands every function its
// role's credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
// the first link of the SDK's default chain and the only one that can answer there (the local city
// sets the same variables). The chain's other links (SSO, shared ini files, credential processes, web
// identity, container and instance metadata) were ~110 KB of every bundle, parsed at every cold start
// though never run. The SDK's clients import `defaultProvider` from this module and nothing else.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
