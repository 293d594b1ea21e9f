import { json } from '@sveltejs/kit';
import { health } from '$lib/server/health/service';

export const GET = async () => {
	try {
		return json(await health());
	} catch (err) {
		return json(
			{ status: 'error', message: `while reading the database: ${(err as Error).message}` },
			{ status: 503 }
		);
	}
};
