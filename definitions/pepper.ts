// Where the API key pepper comes from: a Secrets Manager ARN in AWS, the value itself locally.
export const API_KEY_PEPPER_ENV = 'API_KEY_PEPPER';
export const API_KEY_PEPPER_SECRET_ARN_ENV = 'API_KEY_PEPPER_SECRET_ARN';
