import { Matches } from 'class-validator';

/** Administrative division codes keep their natural length: 2, 4, 6, 9 or 12 digits. */
const OFFICE_CODE = /^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/;

/** The one field rule for an office code in a request, with a message that names the field. */
export function IsOfficeCode(): PropertyDecorator {
  return Matches(OFFICE_CODE, { message: ({ property }) => `${property} must be a division code of 2, 4, 6, 9 or 12 digits` });
}
