import { answer, answerCsv, parseQuery } from '$lib/server/http';
import { CompaniesQuery, companyList, listCsv } from '$lib/server/companies/service';

// ?format=csv answers the same list as a CSV download
export const GET = ({ url, locals }) => {
	const q = parseQuery(CompaniesQuery, url);
	return q.format === 'csv'
		? answerCsv('companies.csv', async () => listCsv(await companyList(q, locals.scope!)))
		: answer(() => companyList(q, locals.scope!));
};
