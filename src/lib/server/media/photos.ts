// Photos attached to tickets: type checked by content (file-type reads the magic bytes, not the
// name), size capped, stored in the configured media folder that every app instance shares.
import { config } from '../config.js';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { InputError } from '../http';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const ALLOWED = new Map([
	['image/jpeg', 'jpg'],
	['image/png', 'png'],
	['image/webp', 'webp']
]);

export const mediaDir = () => config.mediaDir;

/** A photo whose size and type were checked, not yet stored. */
export interface CheckedPhoto {
	bytes: Uint8Array;
	ext: string;
}

/** Checks a photo's size and type (by content) without storing it: 400 / 413 / 415 naming `photo`. */
export async function checkPhoto(file: File): Promise<CheckedPhoto> {
	if (file.size === 0)
		throw new InputError(400, 'photo', 'the file is empty', undefined, { reason: 'photo_empty' });
	if (file.size > MAX_PHOTO_BYTES)
		throw new InputError(413, 'photo', `at most 5 MB (got ${(file.size / 1048576).toFixed(1)} MB)`);
	const bytes = new Uint8Array(await file.arrayBuffer());
	const type = await fileTypeFromBuffer(bytes);
	const ext = type && ALLOWED.get(type.mime);
	if (!ext)
		throw new InputError(
			415,
			'photo',
			`must be a JPEG, PNG or WebP image (got ${type?.mime ?? 'an unknown type'})`
		);
	return { bytes, ext };
}

/** Stores a checked photo; returns its stored name (relative to the media folder). */
export async function storePhoto(photo: CheckedPhoto): Promise<string> {
	const name = `tickets/${randomUUID()}.${photo.ext}`;
	await mkdir(path.join(mediaDir(), 'tickets'), { recursive: true });
	await writeFile(path.join(mediaDir(), name), photo.bytes);
	return name;
}

export const removePhoto = (name: string) => unlink(path.join(mediaDir(), name)).catch(() => {});

export async function readPhoto(name: string): Promise<{ bytes: Buffer; type: string }> {
	const bytes = await readFile(path.join(mediaDir(), path.normalize(name).replace(/^(\.\.[/\\])+/, '')));
	const ext = path.extname(name).slice(1);
	return { bytes, type: [...ALLOWED].find(([, e]) => e === ext)?.[0] ?? 'application/octet-stream' };
}

/**
 * A stored photo as the answer to a GET: its bytes with the type its name says, cached privately
 * for a day, never sniffed. A file missing from the media folder is a 404 naming `field`.
 */
export async function photoResponse(name: string, field: string): Promise<Response> {
	const { bytes, type } = await readPhoto(name).catch((err) => {
		if ((err as { code?: string }).code === 'ENOENT')
			throw new InputError(404, field, 'the photo file is missing');
		throw err;
	});
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': type,
			'cache-control': 'private, max-age=86400',
			'x-content-type-options': 'nosniff'
		}
	});
}
