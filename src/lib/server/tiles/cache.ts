// A memory-bounded LRU cache of encoded tiles (bytes, not entries, are what is bounded).
export class ByteLru<V extends { byteLength: number }> {
	private map = new Map<string, V>();
	private bytes = 0;
	hits = 0;
	misses = 0;

	constructor(private readonly maxBytes: number) {}

	/** Whether `key` is cached (counts neither a hit nor a miss, and leaves its recency alone). */
	has(key: string): boolean {
		return this.map.has(key);
	}

	get(key: string): V | undefined {
		const v = this.map.get(key);
		if (v === undefined) {
			this.misses++;
			return undefined;
		}
		this.hits++;
		// refresh recency: Map keeps insertion order, so re-insert at the end
		this.map.delete(key);
		this.map.set(key, v);
		return v;
	}

	set(key: string, value: V): void {
		if (value.byteLength > this.maxBytes) return;
		const old = this.map.get(key);
		if (old) {
			this.bytes -= old.byteLength;
			this.map.delete(key);
		}
		this.map.set(key, value);
		this.bytes += value.byteLength;
		for (const [k, v] of this.map) {
			if (this.bytes <= this.maxBytes) break;
			this.map.delete(k);
			this.bytes -= v.byteLength;
		}
	}

	clear(): void {
		this.map.clear();
		this.bytes = 0;
	}

	get size() {
		return this.map.size;
	}

	get byteSize() {
		return this.bytes;
	}
}
