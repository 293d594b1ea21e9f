/**
 * `npm run topology [-- --simulator]`: the scale-out topology on this machine (README, "Past one
 * machine"): a PostgreSQL primary with the demo city, a streaming replica of it (pg_basebackup -R),
 * two app instances reading tiles, analysis and exports from the replica, and Debian's nginx in
 * front of both on its own port. Prints the addresses and runs until Ctrl-C, then stops everything
 * and removes its folder. `--simulator` turns the ticket simulator on in instance a's environment
 * and b's (each files its own tickets).
 */
import './lib/one-line-errors';
import { parseArgs } from 'node:util';
import { startTopology } from './lib/topology';

const { values } = parseArgs({ options: { simulator: { type: 'boolean', default: false } } });
const log = (s: string) => console.log(`[topology] ${s}`);
const t = await startTopology({ log, env: values.simulator ? { REDGRID_SIMULATOR: '1' } : {} });
console.log(`
  open           ${t.url}  (nginx, config ${t.nginxPrefix}/nginx.conf)
  instances      ${t.instances.map((i) => `${i.name} ${i.url}`).join(', ')}
  primary        ${t.primaryUrl}
  replica        ${t.replicaUrl}
  health         ${t.url}/api/health (signed in: the replica's lag)
  sign in as admin / redgrid-demo; Ctrl-C stops all
`);
let stopping = false;
const stop = async () => {
	if (stopping) return;
	stopping = true;
	log('stopping');
	await t.stop();
	process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
await new Promise(() => {});
