/** A query parameter's `true` / `false` as a boolean (anything else stays as sent, for @IsBoolean to refuse). */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);
