// The app server's configuration, read from the environment (every variable is listed in README).
export const appConfig = {
	/** Demo mode: seeded demo city and accounts, demo logins on the login page, the simulator. */
	get demo() {
		return process.env.REDGRID_DEMO === '1';
	},
	get secureCookies() {
		return (process.env.ORIGIN ?? '').startsWith('https:');
	}
};
