// `npm start`: everything from a fresh clone to a running app (see scripts/serve.ts).
import { ensureNodeModules, runTs } from './bootstrap.mjs';

ensureNodeModules();
runTs('scripts/serve.ts', process.argv.slice(2));
