// Programs the app and its scripts run besides PostgreSQL, from Debian's packages, installed in one
// place: GDAL's ogr2ogr / ogrinfo (gdal-bin) for import, export and the OAPIF checks; Chromium for the
// end-to-end tests, the browser benches and the screenshots; Noto CJK so Chinese renders in them.
// `npm start` installs gdal-bin as it installs PostGIS; without it the app still runs, and its file
// routes answer 503 naming the missing tool.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { config } from './config';

export const GDAL_PACKAGE = 'gdal-bin';

const hasGdal = () =>
	['/usr/bin/ogr2ogr', '/usr/local/bin/ogr2ogr'].some(existsSync) &&
	['/usr/bin/ogrinfo', '/usr/local/bin/ogrinfo'].some(existsSync);

/** Installs gdal-bin with apt-get when ogr2ogr / ogrinfo are missing (root); otherwise says what to run. */
export function ensureGdal(log: (s: string) => void): void {
	if (hasGdal()) return;
	if (process.getuid?.() !== 0) {
		log(
			`GDAL is not installed: imports and CSV / GeoPackage / Shapefile exports answer 503 until you run sudo apt-get install -y ${GDAL_PACKAGE}`
		);
		return;
	}
	ensurePackages(['gdal'], log);
}

/** Debian's packages a command needs, each with the file that shows it is installed. */
export const PACKAGES = {
	gdal: { name: GDAL_PACKAGE, present: hasGdal },
	chromium: { name: 'chromium', present: () => existsSync(config.chromiumPath) },
	fonts: {
		name: 'fonts-noto-cjk',
		present: () => existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')
	}
} as const;

/**
 * Installs those of `wanted` that are missing, in one apt-get (root; first run only). Throws naming
 * the command to run when not root, or when a package is still missing afterwards.
 */
export function ensurePackages(wanted: (keyof typeof PACKAGES)[], log: (s: string) => void): void {
	const missing = wanted.filter((k) => !PACKAGES[k].present()).map((k) => PACKAGES[k].name);
	if (!missing.length) return;
	aptInstall(missing, log);
	const still = wanted.filter((k) => !PACKAGES[k].present()).map((k) => PACKAGES[k].name);
	if (still.length) throw new Error(`apt-get ran but ${still.join(', ')} is still missing`);
}

function aptInstall(names: string[], log: (s: string) => void) {
	if (process.getuid?.() !== 0)
		throw new Error(`missing: install with sudo apt-get install -y ${names.join(' ')}`);
	log(`installing Debian's ${names.join(' and ')} with apt-get (first run only)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	execFileSync('apt-get', ['install', '-y', '-qq', ...names], { stdio: 'ignore', env });
}
