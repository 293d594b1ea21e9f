// Programs the app runs besides PostgreSQL: GDAL's ogr2ogr / ogrinfo (Debian's gdal-bin) for import,
// export and the OAPIF checks. `npm start` installs gdal-bin as it installs PostGIS; without it the app
// still runs, and its file routes answer 503 naming the missing tool.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
	log(`installing ${GDAL_PACKAGE} with apt-get (first run only)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
	execFileSync('apt-get', ['install', '-y', '-qq', GDAL_PACKAGE], { stdio: 'ignore', env });
	if (!hasGdal()) throw new Error(`apt-get installed ${GDAL_PACKAGE} but ogr2ogr is still missing`);
}
