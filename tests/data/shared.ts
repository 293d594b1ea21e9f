// Where `npm run test:data` finds the third-party files that cannot ship in the repository:
// REDGRID_SHARED_DATA, else ../shared/data beside the project. Missing files fail the test (a test
// of data must never pass by skipping).
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SHARED_DATA = path.resolve(process.env.REDGRID_SHARED_DATA ?? '../shared/data');

/** Absolute path of a file or folder under the shared data; throws naming it when it is missing. */
export function sharedData(...parts: string[]): string {
	const p = path.join(SHARED_DATA, ...parts);
	if (!existsSync(p))
		throw new Error(`${p} is missing: npm run test:data needs the shared data (set REDGRID_SHARED_DATA)`);
	return p;
}
