import { applyDecorators } from '@nestjs/common';
import { Matches, registerDecorator } from 'class-validator';
import { parseCalendarDate } from '../../../../libs/domain';

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A real calendar date as YYYY-MM-DD. Two rules, so a 400 says which one broke: the shape (`matches`),
 * then the day existing (`calendar-date`: no 2025-02-30, and no year 0, which PostgreSQL's `date` lacks,
 * so 0000-01-01 would otherwise pass the shape and fail in the database).
 */
export function IsCalendarDate(): PropertyDecorator {
  const realDate: PropertyDecorator = (target, propertyKey) =>
    registerDecorator({
      name: 'calendar-date',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: { message: `${String(propertyKey)} must be a real date (year 0001 to 9999)` },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !SHAPE.test(value)) return true; // the shape rule reports it
          const parts = parseCalendarDate(value);
          return parts !== undefined && parts.year >= 1;
        },
      },
    });
  return applyDecorators(Matches(SHAPE, { message: ({ property }) => `${property} must be a date as YYYY-MM-DD` }), realDate);
}

/** What the OpenAPI document says of such a field. */
export const CALENDAR_DATE_SCHEMA = { type: 'string', format: 'date', example: '2026-03-01' } as const;
