import { answer, answerCsv, parseQuery } from '$lib/server/http';
import { CompaniesQuery, companyClasses, companyList, listCsv } from '$lib/server/companies/service';

// ?format=csv answers the same list as a CSV download; ?only=classes the counts per party class
export const GET = ({ url, locals }) => {
	const q = parseQuery(CompaniesQuery, url);
	if (q.only === 'classes') return answer(() => companyClasses(q, locals.scope!));
	return q.format === 'csv'
		? answerCsv('companies.csv', async () => listCsv(await companyList(q, locals.scope!)))
		: answer(() => companyList(q, locals.scope!));
};
