// The one way to build a parameterised WHERE clause: values go into `params` and come back as their
// placeholder ($n, numbered after the values already there); conditions are joined with AND. The
// scope module writes its conditions through it, so a scope condition is spliced into any query the
// same way, whatever parameters the query already has.

/** Placeholder numbering shared by a query and the conditions added to it. */
export class SqlWhere {
	readonly params: unknown[];
	private readonly conds: string[] = [];

	/** `params`: the query's own leading parameters ($1 … $n), kept in place. */
	constructor(params: readonly unknown[] = []) {
		this.params = [...params];
	}

	/** Adds a value and returns its placeholder (`$n`). */
	p(value: unknown): string {
		this.params.push(value);
		return `$${this.params.length}`;
	}

	/** Adds a condition (written with placeholders from `p`). */
	and(condition: string): this {
		this.conds.push(condition);
		return this;
	}

	/** The conditions joined with AND, each in parentheses; `true` when there are none. */
	get sql(): string {
		return this.conds.length ? this.conds.map((c) => `(${c})`).join(' AND ') : 'true';
	}
}
