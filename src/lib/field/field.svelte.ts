// The state of 我的网格 (/my-grid), apart from its components: the zone (live, or the last synced
// copy on the phone), the position watch, the patrol recorder (positions queue in localStorage and
// go up in idempotent batches), and the outbox of check-ins and ticket actions made offline
// (IndexedDB, per user, sent in order with an Idempotency-Key and the time each was made).
import { nowIso } from './time';
import { ApiError, getJson, sendJson } from '$lib/api';
import type { ApiErrorBody } from '$lib/i18n/errors';
import { fail, say, toast } from '$lib/toast.svelte';
import type { Zone, ZoneBuilding, ZoneTicket } from '$lib/api-types';
import { PatrolQueue, type SendBatch } from './queue';
import type { Fix } from './points';
import { enqueue, listQueue, loadZone, removeItem, saveItem, saveZone, type ZoneSnapshot } from './device';
import { flushQueue, newKey, type OutboxItem, type SendResult } from './outbox';
import { cacheZoneTiles, cacheFieldShell, type Bbox } from './offline';
import { statusAfter } from './ticket-actions';

/** A building of the zone (GET /api/me/zone). */
export type Building = ZoneBuilding;
export type { Zone, ZoneTicket };
export interface RouteStop {
	buildingId: number;
	label: string;
	lon: number;
	lat: number;
	openTickets: number;
	lastCheckinAt: string | null;
	reason: 'tickets' | 'unvisited';
}
export interface Suggested {
	start: { lon: number; lat: number } | null;
	stops: RouteStop[];
	lengthM: number;
}
export interface CellCoverage {
	id: number;
	code: string;
	name: string;
	buildings: number;
	visited: number;
	ratio: number | null;
	lastCheckinAt: string | null;
}

/** Why positions are not being recorded: a code, translated by the page (`field.paused.<code>`). */
export type PausedCode = 'hidden' | 'noFix' | 'error';

export interface FieldUser {
	id: number;
	username: string;
	personId: number | null;
	role: string;
}

const FLUSH_MS = 3000;
const OUTBOX_RETRY_MS = 15_000;
const NO_FIX_MS = 30_000;
const COVERAGE_DAYS = 30;

/**
 * Sends one queued request with its Idempotency-Key and made-at time (a photo as multipart, the
 * rest as JSON); status 0 when unreachable.
 */
async function sendItem(item: OutboxItem): Promise<SendResult> {
	let body: BodyInit;
	const headers: Record<string, string> = { 'idempotency-key': item.key };
	if (item.photo) {
		const form = new FormData();
		for (const [k, v] of Object.entries(item.body)) form.set(k, String(v));
		form.set('at', item.at);
		form.set('photo', item.photo, String(item.body.fileName ?? 'photo.jpg'));
		form.delete('fileName');
		body = form;
	} else {
		headers['content-type'] = 'application/json';
		body = JSON.stringify({ ...item.body, at: item.at });
	}
	const res = await fetch(item.url, { method: 'POST', headers, body });
	return { status: res.status, body: await res.json().catch(() => null) };
}

const sendBatch: SendBatch = (id, batch) =>
	sendJson<{ accepted: number; dropped: number }>('POST', `/api/patrols/${id}/points`, batch);

/** The zone's bounding box [west, south, east, north] from its cells and buildings. */
function zoneBbox(z: Zone): Bbox | null {
	const xs = z.buildings.map((b) => b.lon);
	const ys = z.buildings.map((b) => b.lat);
	if (!xs.length) return null;
	return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export class FieldState {
	zone = $state<Zone | null>(null);
	route = $state<Suggested | null>(null);
	coverage = $state<CellCoverage[]>([]);
	/** when the zone shown was synced, when it is the phone's copy (offline); null when live */
	offlineSince = $state<string | null>(null);
	/** when the zone shown was synced (live or the phone's copy), as saved with it on the phone */
	syncedAt = $state<string | null>(null);
	loadError = $state<ApiErrorBody | null>(null);
	here = $state<{ lon: number; lat: number; accuracy: number; at: number } | null>(null);

	patrolId = $state<number | null>(null);
	startedAt = $state<string | null>(null);
	pending = $state(0);
	accepted = $state(0);
	dropped = $state(0);
	/** the last send of positions or queued requests did not reach the server */
	offline = $state(false);
	paused = $state<PausedCode | null>(null);
	/** the GeolocationPositionError code when paused = 'error' */
	geoError = $state<number | null>(null);
	wakeLockOk = $state<boolean | null>(null);
	track = $state<[number, number][]>([]);
	busy = $state(false);
	now = $state(Date.now());

	/** this user's outbox, in order */
	outbox = $state<OutboxItem[]>([]);
	/** the session expired while requests were waiting: they stay until the same user signs in */
	signinNeeded = $state(false);

	private queue!: PatrolQueue;
	private wakeLock: WakeLockSentinel | null = null;
	private flushing: Promise<void> | null = null;
	private sortedByPosition = false;
	private cleanup: (() => void)[] = [];

	/** the phone's copy of the zone, read as soon as the page's state exists (before it mounts) */
	private readonly savedZone: Promise<ZoneSnapshot | undefined>;

	constructor(readonly user: FieldUser) {
		this.savedZone =
			typeof indexedDB === 'undefined'
				? Promise.resolve(undefined)
				: loadZone(user.id).catch(() => undefined);
	}

	/** The ticket actions waiting in the outbox, per ticket id, in queue order. */
	queuedActions = $derived.by(() => {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt by $derived, never mutated
		const m = new Map<number, string[]>();
		for (const i of this.outbox)
			if (i.state === 'waiting' && i.kind === 'action') {
				const id = Number(/tickets\/(\d+)/.exec(i.url)?.[1]);
				m.set(id, [...(m.get(id) ?? []), String(i.body.action)]);
			}
		return m;
	});

	/** A ticket's status as its card shows it: the zone's, moved on by the actions queued for it. */
	statusOf(t: ZoneTicket): string {
		const queued = this.queuedActions.get(t.id);
		return queued ? statusAfter(t.status, queued) : t.status;
	}

	/** Queued requests not yet taken by the server, per ticket id (to mark its card). */
	waitingFor = $derived(
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt by $derived, never mutated
		new Map(
			this.outbox
				.filter((i) => i.state === 'waiting' && i.kind === 'action')
				.map((i) => [Number(/tickets\/(\d+)/.exec(i.url)?.[1]), i] as const)
		)
	);

	// ---------- start and stop ----------

	/** Starts everything: the phone's copy first (instant, offline), then the live zone. */
	start() {
		this.queue = new PatrolQueue(localStorage, sendBatch);
		void this.boot();

		let watch: number | undefined;
		if ('geolocation' in navigator)
			watch = navigator.geolocation.watchPosition(
				(p) => this.onPosition(p),
				(e) => this.onPositionError(e),
				{ enableHighAccuracy: true, maximumAge: 5000 }
			);
		else this.geoError = -1;

		let lastOutboxTry = 0;
		const timer = setInterval(() => {
			this.now = Date.now();
			if (this.patrolId) {
				void this.flushPoints();
				if (!this.paused && this.here && this.now - this.here.at > NO_FIX_MS) this.paused = 'noFix';
			}
			if (this.outbox.some((i) => i.state === 'waiting') && this.now - lastOutboxTry > OUTBOX_RETRY_MS) {
				lastOutboxTry = this.now;
				void this.flushOutbox();
			}
		}, FLUSH_MS);
		const online = () => {
			void this.flushPoints();
			void this.flushOutbox().then(() => this.loadZone());
		};
		const visibility = () => this.onVisibility();
		window.addEventListener('online', online);
		document.addEventListener('visibilitychange', visibility);
		this.cleanup.push(() => {
			clearInterval(timer);
			if (watch !== undefined) navigator.geolocation.clearWatch(watch);
			window.removeEventListener('online', online);
			document.removeEventListener('visibilitychange', visibility);
			void this.release();
		});
	}

	stop() {
		for (const f of this.cleanup.splice(0)) f();
	}

	private async boot() {
		// the phone's copy draws at once; the live zone replaces it when the server answers. The
		// outbox is read first, so a card never shows a ticket as it was before an action queued on it
		const [saved] = await Promise.all([this.savedZone, this.refreshOutbox()]);
		if (saved && !this.zone) {
			this.zone = saved.zone as Zone;
			this.route = saved.route as Suggested;
			this.coverage = (saved.coverage as CellCoverage[]) ?? [];
			this.syncedAt = saved.syncedAt;
		}
		await this.resumeSavedPatrol();
		await this.flushOutbox();
		await this.loadZone();
	}

	/** A patrol queued on this device survives a reload: resume it if the server still has it open. */
	private async resumeSavedPatrol() {
		const saved = this.queue.state;
		if (!saved) return;
		try {
			const p = await getJson<{ endedAt: string | null; startedAt: string }>(
				`/api/patrols/${saved.patrolId}`
			);
			if (p.endedAt) this.queue.clear();
			else {
				this.resume(saved.patrolId, saved.startedAt);
				await this.flushPoints();
			}
		} catch (err) {
			// offline: keep patrolling from the queue; gone or not ours: forget it
			if (err instanceof ApiError && err.status < 500) this.queue.clear();
			else {
				this.offline = true;
				this.resume(saved.patrolId, saved.startedAt);
			}
		}
	}

	// ---------- the zone ----------

	async loadZone() {
		const q = this.here ? `?lon=${this.here.lon}&lat=${this.here.lat}` : '';
		try {
			const [zone, route, coverage] = await Promise.all([
				getJson<Zone>(`/api/me/zone${q}`),
				getJson<Suggested>(`/api/me/route${q}`),
				getJson<CellCoverage[]>(`/api/patrols/coverage?days=${COVERAGE_DAYS}`)
			]);
			this.zone = zone;
			this.route = route;
			this.coverage = coverage;
			this.offlineSince = null;
			this.loadError = null;
			const syncedAt = nowIso();
			this.syncedAt = syncedAt;
			await saveZone({
				user: this.user.id,
				username: this.user.username,
				syncedAt,
				zone: $state.snapshot(zone),
				route: $state.snapshot(route),
				coverage: $state.snapshot(coverage)
			}).catch(() => {});
			// what the page needs offline: its code and the zone's base map (in the background)
			void cacheFieldShell().catch(() => {});
			const box = zoneBbox(zone);
			if (box) void cacheZoneTiles(box).catch(() => {});
		} catch (err) {
			if (err instanceof ApiError && err.status < 500) {
				this.loadError = errorOf(err);
				return;
			}
			// no network: the last synced copy
			const saved = await loadZone(this.user.id).catch(() => undefined);
			this.offline = true;
			if (saved) {
				this.zone ??= saved.zone as Zone;
				this.route ??= saved.route as Suggested;
				this.syncedAt ??= saved.syncedAt;
				this.offlineSince = saved.syncedAt;
			} else this.loadError = { status: 0 };
		}
	}

	// ---------- positions and the patrol ----------

	private syncCounters() {
		this.pending = this.queue.pending;
		this.accepted = this.queue.state?.accepted ?? 0;
		this.dropped = this.queue.state?.dropped ?? 0;
	}

	async flushPoints() {
		if (!this.queue.state) return;
		const r = await this.queue.flush();
		this.offline = r.offline;
		for (const e of r.refused) fail({ status: e.status, message: e.message });
		this.syncCounters();
		return r;
	}

	onPosition(pos: GeolocationPosition) {
		const first = !this.here;
		this.here = {
			lon: pos.coords.longitude,
			lat: pos.coords.latitude,
			accuracy: pos.coords.accuracy,
			at: Date.now()
		};
		if (this.paused && this.paused !== 'hidden') {
			this.paused = null;
			this.geoError = null;
			say('field.resumed');
		}
		if (this.patrolId) {
			const fix: Fix = {
				t: Math.round(pos.timestamp || Date.now()),
				lon: this.here.lon,
				lat: this.here.lat,
				accuracy: pos.coords.accuracy
			};
			this.queue.add(fix);
			this.track = [...this.track, [fix.lon, fix.lat]];
			this.syncCounters();
		}
		// the first position sorts the tickets by distance from where the worker stands
		if (first && !this.sortedByPosition) {
			this.sortedByPosition = true;
			void this.loadZone();
		}
	}

	onPositionError(err: GeolocationPositionError) {
		this.geoError = window.isSecureContext ? err.code : -1;
		if (this.patrolId) this.paused = 'error';
	}

	private onVisibility() {
		if (!this.patrolId) return;
		if (document.visibilityState === 'hidden') this.paused = 'hidden';
		else {
			// the wake lock is released whenever the page is hidden: take it again
			if (this.paused === 'hidden') {
				this.paused = null;
				say('field.resumed');
			}
			void this.keepAwake();
		}
	}

	private async keepAwake() {
		if (!('wakeLock' in navigator)) {
			this.wakeLockOk = false;
			return;
		}
		try {
			this.wakeLock = await navigator.wakeLock.request('screen');
			this.wakeLockOk = true;
		} catch {
			this.wakeLockOk = false;
		}
	}

	private async release() {
		await this.wakeLock?.release().catch(() => {});
		this.wakeLock = null;
	}

	private resume(id: number, started: string) {
		this.patrolId = id;
		this.startedAt = started;
		this.queue.start(id, started);
		this.syncCounters();
		void this.keepAwake();
	}

	async startPatrol() {
		this.busy = true;
		try {
			const p = await sendJson<{ id: number; startedAt: string }>('POST', '/api/patrols', {});
			this.track = [];
			this.resume(p.id, p.startedAt);
			const h = this.here;
			if (h && Date.now() - h.at < 10_000)
				this.onPosition({
					coords: { longitude: h.lon, latitude: h.lat, accuracy: h.accuracy },
					timestamp: Date.now()
				} as GeolocationPosition);
			await this.loadZone();
		} catch (err) {
			fail(errorOf(err));
		} finally {
			this.busy = false;
		}
	}

	async endPatrol() {
		if (!this.patrolId) return;
		this.busy = true;
		try {
			const r = await this.flushPoints();
			await this.flushOutbox();
			if (r?.offline || this.outbox.some((i) => i.state === 'waiting' && i.kind === 'checkin')) {
				toast('error', { key: 'field.endOffline' });
				return;
			}
			const s = await sendJson<{ points: number; checkins: number; lengthM: number }>(
				'POST',
				`/api/patrols/${this.patrolId}/end`,
				{}
			);
			toast('ok', {
				key: 'field.ended',
				values: { points: s.points, checkins: s.checkins, m: s.lengthM }
			});
			this.queue.clear();
			this.patrolId = this.startedAt = null;
			this.paused = null;
			this.syncCounters();
			await this.release();
			await this.loadZone();
		} catch (err) {
			if (err instanceof TypeError) toast('error', { key: 'field.endOffline' });
			else fail(errorOf(err));
		} finally {
			this.busy = false;
		}
	}

	// ---------- the outbox: check-ins and ticket actions ----------

	async refreshOutbox() {
		this.outbox = await listQueue(this.user.id).catch(() => []);
	}

	/** Queues a check-in where the worker stands (sent at once when there is a network). */
	async checkIn(b: Building) {
		if (!this.patrolId) return;
		const h = this.here;
		if (!h) {
			toast('error', { key: 'field.noPosition' });
			return;
		}
		const building = `${b.compound} ${b.number}`;
		await this.queueRequest({
			kind: 'checkin',
			url: `/api/patrols/${this.patrolId}/checkins`,
			body: { buildingId: b.id, lon: h.lon, lat: h.lat, accuracy: h.accuracy },
			label: { key: 'field.queue.checkin', values: { building } }
		});
	}

	/** Queues a workflow action on a ticket (sent at once when there is a network). */
	async ticketAction(t: ZoneTicket, body: Record<string, unknown>) {
		await this.queueRequest({
			kind: 'action',
			url: `/api/tickets/${t.id}/actions`,
			body,
			label: { key: 'field.queue.action', values: { code: t.code, action: String(body.action) } }
		});
	}

	/**
	 * Queues a photo of a ticket with its caption (sent at once when there is a network; offline it
	 * waits in IndexedDB, which holds the file, and goes in order with the rest).
	 */
	async ticketPhoto(t: ZoneTicket, file: File, note: string) {
		await this.queueRequest({
			kind: 'photo',
			url: `/api/tickets/${t.id}/photos`,
			body: { note, fileName: file.name || 'photo.jpg' },
			// a plain Blob copy: a File from an <input> may not outlive the page on every browser
			photo: new Blob([await file.arrayBuffer()], { type: file.type }),
			label: { key: 'field.queue.photo', values: { code: t.code } }
		});
	}

	private async queueRequest(r: Pick<OutboxItem, 'kind' | 'url' | 'body' | 'label' | 'photo'>) {
		await enqueue({
			...r,
			user: this.user.id,
			key: newKey(),
			at: nowIso(),
			state: 'waiting'
		});
		await this.refreshOutbox();
		await this.flushOutbox();
		const item = this.outbox.at(-1);
		if (item?.state === 'waiting') toast('info', { key: 'field.queue.saved' });
	}

	/** Sends the waiting requests in order; one send at a time, even when called again meanwhile. */
	flushOutbox(): Promise<void> {
		this.flushing ??= this.doFlush().finally(() => (this.flushing = null));
		return this.flushing;
	}

	private async doFlush() {
		await this.refreshOutbox();
		if (!this.outbox.some((i) => i.state === 'waiting')) return;
		// plain copies: IndexedDB cannot store the reactive proxies
		const report = await flushQueue($state.snapshot(this.outbox) as OutboxItem[], sendItem, async (item) => {
			await saveItem(item);
			if (item.state === 'sent') this.announceSent(item);
			else if (item.state === 'refused') this.announceRefused(item);
		});
		this.offline = report.offline;
		this.signinNeeded = report.signin;
		await this.refreshOutbox();
		if (report.sent || report.refused) await this.loadZone();
	}

	private announceSent(item: OutboxItem) {
		if (item.kind === 'checkin') {
			const m = Math.round((item.result as { distanceM?: number })?.distanceM ?? 0);
			say('field.checkedIn', { building: String(item.label.values.building), m });
		} else say('field.queue.sent', { ...item.label.values });
	}

	private announceRefused(item: OutboxItem) {
		const e = item.error ?? {};
		const distance = (e as { distanceM?: number }).distanceM;
		if (item.kind === 'checkin' && e.field === 'location' && distance != null)
			toast('error', { key: 'field.tooFar', values: { m: Math.round(distance) } });
		else toast('error', { key: 'field.queue.refusedToast' });
	}

	/** Removes a refused (or sent) request from the list once the worker has read it. */
	async dismiss(item: OutboxItem) {
		if (item.seq != null) await removeItem(item.seq);
		await this.refreshOutbox();
	}
}

/** Any thrown error as an ApiErrorBody for the toast region. */
export function errorOf(err: unknown): ApiErrorBody {
	if (err instanceof ApiError)
		return {
			status: err.status,
			field: err.field,
			code: err.code,
			params: err.params,
			message: err.serverMessage
		};
	if (err instanceof TypeError) return { status: 0 };
	return { status: 500, message: (err as Error).message };
}
