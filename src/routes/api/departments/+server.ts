import { answer, parseJson } from '$lib/server/http';
import { createDepartment, DepartmentInput, listDepartments } from '$lib/server/tickets/holders';

export const _schema = { POST: DepartmentInput };

export const GET = () => answer(listDepartments);

/** Adds a department that holds tickets (admins): 201 with its id. */
export const POST = async ({ request }) => {
	const v = await parseJson(DepartmentInput, request);
	return answer(() => createDepartment(v), 201);
};
