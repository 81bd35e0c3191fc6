import * as v from 'valibot';

// Placeholder schema of the Connection pooling lab: replaced as the lab is built.
export const ActionSchema = v.strictObject({ type: v.literal('tick') });
export const OptionsSchema = v.strictObject({});
export const ExpectedSchema = v.strictObject({});
