// The city's secret: one random value per city from which every keyed hash, cursor signature and seal
// takes its own key (HKDF, one key per purpose: functions/domain/city-keys.ts). In AWS it lives in
// Secrets Manager and a function granted it gets the ARN; the local city passes the value itself.
export const CITY_SECRET_ENV = 'CITY_SECRET';
export const CITY_SECRET_ARN_ENV = 'CITY_SECRET_ARN';
