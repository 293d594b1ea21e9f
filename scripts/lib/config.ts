// The scripts read the environment through the app's one configuration module (README lists every variable).
export { config } from '../../src/lib/server/config.js';
