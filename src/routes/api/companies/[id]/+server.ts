import { answer, answerCsv, parseId, parseQuery } from '$lib/server/http';
import { CompaniesQuery, cardCsv, companyCard } from '$lib/server/companies/service';

// ?format=csv answers the scorecard as a CSV download (one row per figure)
export const GET = ({ url, params, locals }) => {
	const q = parseQuery(CompaniesQuery, url);
	const id = parseId(params.id, 'id');
	return q.format === 'csv'
		? answerCsv(`company-${id}.csv`, async () => cardCsv(await companyCard(id, q, locals.scope!)))
		: answer(() => companyCard(id, q, locals.scope!));
};
