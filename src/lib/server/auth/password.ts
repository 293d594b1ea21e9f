// Password hashing with Node's built-in scrypt (OpenSSL), no native add-on to build.
// Stored as scrypt$N$r$p$salt$hash (base64) so parameters can be raised later.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
	new Promise<Buffer>((resolve, reject) =>
		scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key)))
	);

const N = 16384,
	r = 8,
	p = 1,
	KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await scrypt(password, salt, KEYLEN, { N, r, p, maxmem: 64 * 1024 * 1024 });
	return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [n, rr, pp] = parts.slice(1, 4).map(Number);
	const salt = Buffer.from(parts[4], 'base64');
	const expected = Buffer.from(parts[5], 'base64');
	const key = await scrypt(password, salt, expected.length, { N: n, r: rr, p: pp, maxmem: 64 * 1024 * 1024 });
	return timingSafeEqual(key, expected);
}
