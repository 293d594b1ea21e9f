// `npm run <command>`: installs the npm dependencies when they are missing (as `npm start` does),
// then runs the command's TypeScript script. Usage: node scripts/run.mjs scripts/NAME.ts [args]
import { ensureNodeModules, runTs } from './bootstrap.mjs';

const [script, ...args] = process.argv.slice(2);
ensureNodeModules();
runTs(script, args);
