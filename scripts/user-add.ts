// `npm run user:add -- --role ROLE [--area CODE] [--person ID] [--company ID] [--department ID] [--name NAME] USERNAME`
// The password comes from REDGRID_PASSWORD or is asked for on the terminal.
import './lib/one-line-errors';
import { config } from './lib/config';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES } from '../src/lib/server/auth/roles';
import { hashPassword } from '../src/lib/server/auth/password';
import { createPool } from '../src/lib/server/db/pool';
import { migrate } from '../src/lib/server/db/migrate';
import { describeIssues } from '../src/lib/server/http';
import { withTargetDatabase } from './lib/target';

const usage =
	'usage: npm run user:add -- --role admin|official|grid_worker|steward|planner|dispatcher|company|department [--area AREA_CODE] [--person PERSON_ID] [--company COMPANY_ID] [--department DEPARTMENT_ID] [--name DISPLAY_NAME] USERNAME';
let parsed;
try {
	parsed = parseArgs({
		allowPositionals: true,
		options: {
			role: { type: 'string' },
			area: { type: 'string' },
			person: { type: 'string' },
			company: { type: 'string' },
			department: { type: 'string' },
			name: { type: 'string' }
		}
	});
} catch (err) {
	console.error(`${(err as Error).message}\n${usage}`);
	process.exit(2);
}
const Input = z
	.object({
		username: z.string().regex(/^[a-z0-9_.-]{3,40}$/, '3–40 characters: a-z 0-9 _ . -'),
		role: z.enum(ROLES),
		area: z.string().optional(),
		person: z.coerce.number().int().positive().optional(),
		company: z.coerce.number().int().positive().optional(),
		department: z.coerce.number().int().positive().optional(),
		name: z.string().min(1).max(100).optional()
	})
	.refine((v) => v.role !== 'official' || v.area, {
		message: 'an official needs --area (the code of the area they oversee)',
		path: ['area']
	})
	.refine((v) => v.role !== 'dispatcher' || v.area, {
		message: 'a dispatcher needs --area (the code of the area whose tickets they work)',
		path: ['area']
	})
	.refine((v) => !['grid_worker', 'steward'].includes(v.role) || v.person, {
		message: 'a grid worker or steward needs --person',
		path: ['person']
	})
	.refine((v) => v.role !== 'company' || v.company, {
		message: 'a company user needs --company (the property company id)',
		path: ['company']
	})
	.refine((v) => v.role !== 'department' || v.department, {
		message: 'a department user needs --department (the department id)',
		path: ['department']
	});
const r = Input.safeParse({ username: parsed.positionals[0], ...parsed.values });
if (!r.success) {
	console.error(`${describeIssues(r.error)}\n${usage}`);
	process.exit(2);
}
const input = r.data;

async function readPassword(): Promise<string> {
	if (config.password) return config.password;
	const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
	const pw = await rl.question(`password for ${input.username}: `);
	rl.close();
	return pw;
}

const password = await readPassword();
if (password.length < 8) {
	console.error('password: at least 8 characters');
	process.exit(2);
}
await withTargetDatabase(async (url) => {
	const pool = createPool(url, 2);
	try {
		await migrate(pool);
		let areaId: number | null = null;
		if (input.area) {
			const a = await pool.query('SELECT id FROM areas WHERE code = $1', [input.area]);
			if (!a.rows[0]) throw new Error(`area: no area with code ${input.area}`);
			areaId = a.rows[0].id;
		}
		await pool.query(
			`INSERT INTO users (username, display_name, password_hash, role, area_id, person_id, company_id, department_id)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[
				input.username,
				input.name ?? input.username,
				await hashPassword(password),
				input.role,
				areaId,
				input.person ?? null,
				input.role === 'company' ? input.company : null,
				input.role === 'department' ? input.department : null
			]
		);
		console.log(`[redgrid] user ${input.username} (${input.role}) created`);
	} catch (err) {
		const msg =
			(err as { code?: string }).code === '23505'
				? `username: ${input.username} already exists`
				: (err as Error).message;
		console.error(`[redgrid] ${msg}`);
		process.exitCode = 1;
	} finally {
		await pool.end();
	}
});
