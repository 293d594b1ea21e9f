// GET /ogc/api — the OpenAPI 3.0 definition (public); ?f=html the same as a readable page (service-doc).
import { apiDocument, apiHtml, checkFormat, checkParams, MEDIA } from '$lib/server/ogc/service';
import { ogcAnswer, ogcBase } from '$lib/server/ogc/respond';

export const GET = ({ url }) =>
	ogcAnswer(() => {
		checkParams(url);
		checkFormat(url, ['json', 'html']);
		if (url.searchParams.get('f') === 'html')
			return new Response(apiHtml(ogcBase(url)), {
				headers: { 'content-type': `${MEDIA.HTML_T}; charset=utf-8` }
			});
		return apiDocument(ogcBase(url));
	}, MEDIA.OAS_T);
