// The one place that reads the environment: every variable RedGrid uses, with its type and default
// (README, "Environment variables", lists the same ones). The app, the scripts (`npm start`,
// import, seed, tests' setup) and scripts/server.mjs all import this module; nothing else reads
// process.env. Plain JavaScript with JSDoc types so that scripts/server.mjs (run by plain Node) can
// import it too. Values are read when asked (getters), so a script that sets a variable for a
// child (DATABASE_URL of a throwaway cluster) is seen.
import path from 'node:path';

const env = process.env;

/** A positive number from the environment, or the default when unset; a wrong value stops the start. */
function num(/** @type {string} */ name, /** @type {number} */ fallback) {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!/^[0-9]+(\.[0-9]+)?$/.test(raw.trim()) || !Number.isFinite(n))
		throw new Error(`${name}="${raw}" is not a number (README, "Environment variables")`);
	return n;
}
/** A string variable, or undefined when unset or empty. */
const str = (/** @type {string} */ name) => env[name] || undefined;
/** "1" on, "0" off, unset: undefined (the caller's default). */
const flag = (/** @type {string} */ name) =>
	env[name] === undefined || env[name] === '' ? undefined : env[name] === '1';

export const config = {
	// --- the server
	/** HTTP(S) port of the app (PORT, 3000). */
	get port() {
		return num('PORT', 3000);
	},
	/** address the app listens on (HOST, all interfaces). */
	get host() {
		return env.HOST || '0.0.0.0';
	},
	/** the public origin behind a reverse proxy (ORIGIN; unset: from the request). */
	get origin() {
		return str('ORIGIN');
	},
	/** https origin: the session cookie is Secure. */
	get secureCookies() {
		return (env.ORIGIN ?? '').startsWith('https:');
	},
	/** adapter-node's PROTOCOL_HEADER (set by scripts/server.mjs when ORIGIN is unset). */
	get protocolHeader() {
		return str('PROTOCOL_HEADER');
	},
	/** seconds open requests (live streams, which never end by themselves) get on shutdown (SHUTDOWN_TIMEOUT, 5). */
	get shutdownTimeoutS() {
		return num('SHUTDOWN_TIMEOUT', 5);
	},
	/** PEM certificate and key files: serve HTTPS (REDGRID_TLS_CERT, REDGRID_TLS_KEY). */
	get tlsCert() {
		return str('REDGRID_TLS_CERT');
	},
	get tlsKey() {
		return str('REDGRID_TLS_KEY');
	},
	/** REDGRID_TLS=self-signed (demo mode): make a certificate for localhost and the LAN. */
	get tlsMode() {
		return str('REDGRID_TLS');
	},
	/** the build folder (REDGRID_BUILD_DIR, build) and SvelteKit's folder (REDGRID_KIT_DIR, .svelte-kit). */
	get buildDir() {
		return env.REDGRID_BUILD_DIR || 'build';
	},
	get kitDir() {
		return env.REDGRID_KIT_DIR || '.svelte-kit';
	},

	// --- data
	/** the app's data folder (REDGRID_DATA_DIR, .data): embedded cluster, media, backups. */
	get dataDir() {
		return path.resolve(env.REDGRID_DATA_DIR || '.data');
	},
	get pgDir() {
		return path.join(this.dataDir, 'pg');
	},
	/** port of the embedded cluster (REDGRID_PG_PORT, 54329). */
	get pgPort() {
		return num('REDGRID_PG_PORT', 54329);
	},
	/** an existing PostgreSQL + PostGIS (DATABASE_URL); unset: the embedded cluster. */
	get databaseUrl() {
		return str('DATABASE_URL');
	},
	/**
	 * a streaming replica of DATABASE_URL for the read-only work: tiles, analysis, exports
	 * (REDGRID_READ_DATABASE_URL; unset: everything on DATABASE_URL). LISTEN and writes stay on the primary.
	 */
	get readDatabaseUrl() {
		return str('REDGRID_READ_DATABASE_URL');
	},
	/** connections in the app's pool (REDGRID_PG_POOL, 10), and as many in the read pool and in each tile pool. */
	get pgPool() {
		return num('REDGRID_PG_POOL', 10);
	},
	/** application_name of the app's connections (REDGRID_APP_NAME, redgrid). */
	get appName() {
		return env.REDGRID_APP_NAME || 'redgrid';
	},
	/** ticket photos (REDGRID_MEDIA_DIR, $REDGRID_DATA_DIR/media). */
	get mediaDir() {
		return path.resolve(env.REDGRID_MEDIA_DIR || path.join(env.REDGRID_DATA_DIR || '.data', 'media'));
	},

	// --- behaviour
	/** demo mode (REDGRID_DEMO=1); unset: undefined, `npm start` decides (on with the embedded cluster). */
	get demoFlag() {
		return flag('REDGRID_DEMO');
	},
	/** demo mode as the app sees it (only REDGRID_DEMO=1). */
	get demo() {
		return env.REDGRID_DEMO === '1';
	},
	/** the ticket simulator (REDGRID_SIMULATOR=1 / 0; unset: `npm start` turns it on in demo mode). */
	get simulatorFlag() {
		return flag('REDGRID_SIMULATOR');
	},
	/** simulator tick in ms (REDGRID_SIMULATOR_INTERVAL_MS, 4000). */
	get simulatorIntervalMs() {
		return num('REDGRID_SIMULATOR_INTERVAL_MS', 4000);
	},
	/** how often the deadline-warning job runs, in seconds (REDGRID_WARNING_INTERVAL_SECONDS, 60; 0: off). */
	get warningIntervalSeconds() {
		return num('REDGRID_WARNING_INTERVAL_SECONDS', 60);
	},
	/**
	 * how old, in seconds, the stored service figures of the companies' list and scorecards may be
	 * when answered (REDGRID_FIGURES_MAX_AGE_SECONDS, 300; 0: counted afresh on every request); past a
	 * fifth of it a request refreshes them in the background (analysis/snapshot.ts).
	 */
	get figuresMaxAgeSeconds() {
		return num('REDGRID_FIGURES_MAX_AGE_SECONDS', 300);
	},
	/** failed deliveries of an outbox message before it is dead-lettered (REDGRID_OUTBOX_MAX_ATTEMPTS, 8). */
	get outboxMaxAttempts() {
		return num('REDGRID_OUTBOX_MAX_ATTEMPTS', 8);
	},
	/** vector-tile cache per instance in MB (REDGRID_TILE_CACHE_MB, 64). */
	get tileCacheMb() {
		return num('REDGRID_TILE_CACHE_MB', 64);
	},
	/**
	 * tiles answered in front of SvelteKit's router, through the hooks' own checks
	 * (src/lib/server/tiles/fast.ts; REDGRID_TILE_FAST_PATH, on; 0: every tile through SvelteKit).
	 */
	get tileFastPath() {
		return flag('REDGRID_TILE_FAST_PATH') ?? true;
	},
	/** a 天地图 key: its online base map under the app's layers (REDGRID_TIANDITU_KEY, unset). */
	get tiandituKey() {
		return str('REDGRID_TIANDITU_KEY');
	},
	/** largest import file in MB (REDGRID_IMPORT_MAX_MB, 100). */
	get importMaxMb() {
		return num('REDGRID_IMPORT_MAX_MB', 100);
	},
	/** largest request body of routes that take no file, in KB (REDGRID_BODY_LIMIT_KB, 1024). */
	get bodyLimitKb() {
		return num('REDGRID_BODY_LIMIT_KB', 1024);
	},
	/** sign-out after this many hours without a request (REDGRID_SESSION_IDLE_HOURS, 2). */
	get sessionIdleHours() {
		return num('REDGRID_SESSION_IDLE_HOURS', 2);
	},
	/** days after a ticket was closed or rejected that its reporter's phone is erased (REDGRID_PHONE_RETENTION_DAYS, 730). */
	get phoneRetentionDays() {
		return num('REDGRID_PHONE_RETENTION_DAYS', 730);
	},
	/** minutes between runs of the retention job (REDGRID_RETENTION_INTERVAL_MINUTES, 360). */
	get retentionIntervalMinutes() {
		return num('REDGRID_RETENTION_INTERVAL_MINUTES', 360);
	},
	/** password of `npm run user:add` (REDGRID_PASSWORD; unset: it asks). */
	get password() {
		return str('REDGRID_PASSWORD');
	},
	/** Open311 reads without an API key, with reduced fields (REDGRID_OPEN311_PUBLIC_READ, on; `0` turns it off). */
	get open311PublicRead() {
		return env.REDGRID_OPEN311_PUBLIC_READ !== '0';
	},
	/** the folder of GDAL's ogr2ogr / ogrinfo (GDAL_BIN_DIR; unset: on the PATH). */
	get gdalBinDir() {
		return str('GDAL_BIN_DIR');
	},
	/** command-line tools print an error's stack besides its one line (REDGRID_DEBUG=1). */
	get debug() {
		return env.REDGRID_DEBUG === '1';
	},
	/** the third-party data files of `npm run test:data` (REDGRID_SHARED_DATA, ../shared/data). */
	get sharedData() {
		return path.resolve(env.REDGRID_SHARED_DATA || '../shared/data');
	},
	/**
	 * e2e shards `npm run test:e2e` runs at once, each with its own app and database
	 * (REDGRID_TEST_E2E_SHARDS, 1: one stream; more only pays with more than 2 cores).
	 */
	get testE2eShards() {
		return Math.max(1, Math.round(num('REDGRID_TEST_E2E_SHARDS', 1)));
	},
	/**
	 * a database the benchmarks without an app use as it is (migrated, not reseeded), instead of a
	 * throwaway cluster seeded at --scale (REDGRID_BENCH_DATABASE_URL, unset)
	 */
	get benchDatabaseUrl() {
		return str('REDGRID_BENCH_DATABASE_URL');
	},
	/** Chromium for the tests and screenshots (CHROMIUM_PATH, /usr/bin/chromium). */
	get chromiumPath() {
		return env.CHROMIUM_PATH || '/usr/bin/chromium';
	}
};
