// The award request under this city's rules (its earliest issuedOn): the one schema a single award's
// body, each batch row and each import row are checked with. Apart from the awarding service so that a
// contract can show it without bundling the signing stack.
import { readCity } from '../../definitions/city-env';
import { awardRequestSchema } from '../domain/awards';

export const AwardRequestSchema = awardRequestSchema({ earliestIssuedOn: readCity().earliestIssuedOn });
