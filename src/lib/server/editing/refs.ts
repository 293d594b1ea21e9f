// Checks shared by the record specs of the editing service (editing/specs.ts) and the governance
// records (governance/specs.ts): a refusal as 422 naming the field, and a reference to another row.
import type { Queryable } from '../db/pool';
import { InputError } from '../http';

/** A refusal of a record's value: 422 naming `field`. */
export const unprocessable = (field: string, message: string) => new InputError(422, field, message);

/**
 * The row `id` of `table` (null when id is empty); 422 naming `field` when it is missing, retired,
 * or fails the SQL condition `extra` (then `why` says how). `table` and `extra` are the specs' own
 * constants, never user input.
 */
export async function ref(q: Queryable, table: string, id: unknown, field: string, extra = 'true', why = '') {
	if (id === null || id === undefined) return null;
	const { rows } = await q.query(`SELECT *, (${extra}) AS ok FROM ${table} WHERE id = $1`, [id]);
	if (!rows[0]) throw unprocessable(field, `${table} ${id} does not exist`);
	if (rows[0].retired_at) throw unprocessable(field, `${table} ${id} is retired`);
	if (!rows[0].ok) throw unprocessable(field, `${table} ${id} ${why}`);
	return rows[0];
}
