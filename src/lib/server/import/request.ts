// The upload of POST /api/import/{layer}: multipart with `file` and the options as fields (`mapping`
// as JSON). Refused before the body is read when its declared length is over the limit.
import { InputError } from '../http';
import { maxImportBytes } from './read';
import type { ImportOptions } from './service';

export async function readUpload(request: Request): Promise<{
	file: { name: string; bytes: Uint8Array };
	options: ImportOptions;
}> {
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > maxImportBytes() + 64 * 1024)
		throw new InputError(
			413,
			'file',
			`${Math.round(length / 1048576)} MB is over the ${maxImportBytes() / 1048576} MB limit`
		);
	if (!request.headers.get('content-type')?.startsWith('multipart/form-data'))
		throw new InputError(415, 'file', 'send multipart/form-data with the file in the field "file"');
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		throw new InputError(400, 'file', 'the upload is not readable multipart/form-data');
	}
	const file = form.get('file');
	if (!(file instanceof File)) throw new InputError(400, 'file', 'no file in the field "file"');
	const text = (k: string) => {
		const v = form.get(k);
		return typeof v === 'string' && v !== '' ? v : undefined;
	};
	let mapping: Record<string, string> | undefined;
	const rawMapping = text('mapping');
	if (rawMapping) {
		try {
			mapping = JSON.parse(rawMapping);
		} catch {
			throw new InputError(400, 'mapping', 'not valid JSON ({"ourField": "source column" or "=constant"})');
		}
	}
	return {
		file: { name: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) },
		options: {
			mode: text('mode') as ImportOptions['mode'],
			crs: text('crs'),
			encoding: text('encoding') as ImportOptions['encoding'],
			mapping,
			skipInvalid: text('skipInvalid') as ImportOptions['skipInvalid'],
			repair: text('repair') as ImportOptions['repair']
		}
	};
}
