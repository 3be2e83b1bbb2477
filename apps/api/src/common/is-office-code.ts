import { Matches } from 'class-validator';

/** Administrative division codes keep their natural length: 2, 4, 6, 9 or 12 digits. */
export const OFFICE_CODE_PATTERN = '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$';
const OFFICE_CODE = new RegExp(OFFICE_CODE_PATTERN);

/** The one field rule for an office code in a request, with a message that names the field. */
export function IsOfficeCode(): PropertyDecorator {
  return Matches(OFFICE_CODE, { message: ({ property }) => `${property} must be a division code of 2, 4, 6, 9 or 12 digits` });
}

/** What the OpenAPI document says of an office code. */
export const OFFICE_CODE_SCHEMA = { pattern: OFFICE_CODE_PATTERN, example: '360102002' } as const;
