import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repeat } from './repeat';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
	vi.restoreAllMocks();
});

describe('repeat', () => {
	it('runs first after 5 s, then every interval, until stopped', async () => {
		let runs = 0;
		const stop = repeat('job', 60_000, async () => {
			runs++;
		});
		await vi.advanceTimersByTimeAsync(4_999);
		expect(runs).toBe(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(runs).toBe(1);
		await vi.advanceTimersByTimeAsync(60_000 - 5_000);
		expect(runs).toBe(2);
		await vi.advanceTimersByTimeAsync(120_000);
		expect(runs).toBe(4);
		stop();
		await vi.advanceTimersByTimeAsync(600_000);
		expect(runs).toBe(4);
	});

	it('skips a tick while a run is still busy', async () => {
		let started = 0;
		let finish = () => {};
		const stop = repeat(
			'slow',
			1_000,
			() => {
				started++;
				return new Promise<void>((resolve) => (finish = resolve));
			},
			1_000
		);
		await vi.advanceTimersByTimeAsync(1_000); // the first run starts (the interval's first tick too)
		await vi.advanceTimersByTimeAsync(3_000);
		expect(started).toBe(1);
		finish();
		await vi.advanceTimersByTimeAsync(1_000);
		expect(started).toBe(2);
		stop();
	});

	it('logs a failed run under its name and runs again at the next tick', async () => {
		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		let runs = 0;
		const stop = repeat('warnings', 1_000, async () => {
			runs++;
			if (runs === 1) throw new Error('database away');
		});
		await vi.advanceTimersByTimeAsync(5_000);
		expect(logged).toHaveBeenCalledWith('warnings: database away');
		expect(logged).toHaveBeenCalledTimes(1);
		expect(runs).toBeGreaterThan(1);
		stop();
	});
});
