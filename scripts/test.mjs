// `npm test`: install, a throwaway PostGIS, then every check and test (see scripts/test-run.ts).
import { ensureNodeModules, runTs } from './bootstrap.mjs';

ensureNodeModules();
runTs('scripts/test-run.ts', process.argv.slice(2));
