// The city's secret: a keyring of random values (versions) per city from which every keyed hash, cursor
// signature and seal takes its own key (HKDF, one key per purpose: functions/domain/city-keys.ts). In
// AWS it lives in Secrets Manager and a function granted it gets the ARN; the local city passes the value
// itself. Rotating adds a version (Secrets Manager's rotation function; `npm run city-secret:rotate` locally).
export const CITY_SECRET_ENV = 'CITY_SECRET';
export const CITY_SECRET_ARN_ENV = 'CITY_SECRET_ARN';
/** The rotation function of the city's secret (Secrets Manager's four-step protocol). */
export const CITY_SECRET_ROTATION_ENTRY = 'functions/city-secret/handler.ts';
/** How often Secrets Manager rotates the city's secret: each rotation adds a version to its keyring. */
export const CITY_SECRET_ROTATION_DAYS = 90;
