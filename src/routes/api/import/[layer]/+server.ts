// POST /api/import/{layer} (multipart: file, mode=preview|dry-run|commit, crs, encoding, mapping,
// skipInvalid, repair) — the import report: mapping, preview features, every rejected row and why,
// and what was (or would be) inserted and updated. A commit with rejects answers 422 and writes nothing.
import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { ImportOptions, importLayer, runImport } from '$lib/server/import/service';
import { readUpload } from '$lib/server/import/request';
import { ToolMissingError } from '$lib/server/import/gdal';
import { toolMissing } from '$lib/server/export/analysis';

/** Multipart: the file in `file`, these fields beside it. */
export const _schema = { POST: ImportOptions };
export const _encoding = { POST: 'multipart' };

export const POST = ({ params, request, locals }) =>
	answer(async () => {
		importLayer(params.layer);
		const { file, options } = await readUpload(request);
		try {
			const { status, report } = await runImport(params.layer, file, options, locals.user!.id);
			return json(report, { status });
		} catch (err) {
			if (err instanceof ToolMissingError) return toolMissing(err);
			throw err;
		}
	});
