// The learner's users in the city's sign-in provider: deleted when their account is. In AWS the
// Cognito user pool (AdminDeleteUser, the one action the grant allows); on the local city the same
// call against local/oidc.ts, reached through AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
import { AdminDeleteUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { LEARNER_USER_POOL_ID_ENV } from '../../definitions/learner-sign-in';

const userPoolId = process.env[LEARNER_USER_POOL_ID_ENV];
const cognito = new CognitoIdentityProviderClient({});

/**
 * Deletes the pool's user `username` (the `sub` the provider signed the learner in as). A user that
 * is gone already is not an error: a deletion cut short is finished by running it again.
 */
export async function deleteSignInUser(username: string): Promise<void> {
  if (!userPoolId) {
    throw new Error(`This function was not granted deleting sign-in users (${LEARNER_USER_POOL_ID_ENV} is not set): it needs deletesSignInUsers in definitions/function-grants.ts`);
  }
  try {
    await cognito.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: username }));
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundException') throw error;
  }
}
