import { eventSelected, normaliseAlert, type TerminalAlertEvent } from '../shared/terminalEvents';

/**
 * The 1oT Terminal Alert Trigger's poll, as a plain function over an alert lister.
 *
 * Guarantees (each alert is an id):
 * - Every unread alert is emitted once. Ids are remembered in the node's static data only in the poll that
 *   returns them, so only once they are emitted.
 * - A poll whose listing fails on any page throws before anything is remembered or marked: the next poll sees
 *   the same unread alerts and emits those not yet emitted. Nothing is lost and nothing comes twice.
 * - Mark as read: the API marks an alert read only as a side effect of listing it with the mark flag, and an
 *   alert read is never listed as unread again. Listing with the flag first would lose the alerts of the pages
 *   before a failing page (marked, never emitted). So the poll first lists every unread alert WITHOUT the
 *   flag (pass 1; a failure throws, as above), and only when that succeeded lists them again WITH the flag
 *   (pass 2). Alerts that arrived between the two passes show up in pass 2 and are emitted with the others.
 *   Pass 2 failing midway is not an error of the poll: what it returned is emitted, and what it did not reach
 *   stays unread and is marked by a later poll. (Marking page 1 moves the unread set under the offsets, so
 *   pass 2 may skip some alerts: they stay unread, were already emitted in pass 1, and are marked later.)
 *   The one case the API leaves no way to cover: a pass-2 answer lost in transit after the Terminal marked
 *   its alerts, for alerts that arrived after pass 1.
 * - Memory: the ids emitted that the last complete pass 1 still listed (an alert no longer listed as unread
 *   cannot come back as unread), at most `memory` (10,000). If someone marks alerts read in the Terminal while
 *   a poll pages through more than 1000 unread ones, an emitted alert can miss the listing and be forgotten too
 *   early, and then come again. When more must be kept, the oldest are forgotten and their newest timestamp is
 *   kept as a floor: an unknown alert at or before the floor counts as already emitted (only an alert that
 *   reaches the Terminal long after its own timestamp, behind 10,000 others still unread, could be missed).
 */

export interface AlertRecord {
	id: string | number;
	trigger?: string;
	timestamp?: number | string;
	iccid?: string | null;
	[key: string]: unknown;
}

export type AlertLister = (options: { onlyUnread: boolean; markAsRead: boolean }) => AsyncIterable<AlertRecord[]>;

/** What the trigger keeps in `getWorkflowStaticData('node')`. */
export interface AlertPollState {
	/** `[alertId, timestamp ms or null]`, oldest emitted first. */
	seen?: Array<[string, number | null]>;
	/** Newest timestamp among forgotten ids (see above). */
	floor?: number | null;
}

export const DEFAULT_MEMORY = 10_000;
export const MANUAL_SAMPLE = 10;

export interface PollRequest {
	list: AlertLister;
	state: AlertPollState;
	markAsRead: boolean;
	events: string[];
	now?: number;
	memory?: number;
}

export interface PollResult {
	items: TerminalAlertEvent[];
	state: AlertPollState;
	/** Pass 2 (mark as read) failed; the items are still emitted. */
	markingError?: unknown;
}

function timeOf(alert: AlertRecord): number | null {
	const t = alert.timestamp;
	if (typeof t === 'number' && Number.isFinite(t)) return t;
	if (typeof t === 'string' && t.trim() !== '') {
		const n = /^\d+$/.test(t.trim()) ? Number(t) : Date.parse(t);
		return Number.isFinite(n) ? n : null;
	}
	return null;
}

async function listAll(list: AlertLister, options: { onlyUnread: boolean; markAsRead: boolean }): Promise<AlertRecord[]> {
	const all: AlertRecord[] = [];
	for await (const page of list(options)) all.push(...page);
	return all;
}

export async function pollAlerts(request: PollRequest): Promise<PollResult> {
	const memory = Math.max(1, request.memory ?? DEFAULT_MEMORY);
	const seen = new Map<string, number | null>(request.state.seen ?? []);
	const floor = request.state.floor ?? null;
	const isOld = (alert: AlertRecord) => {
		if (seen.has(String(alert.id))) return true;
		const t = timeOf(alert);
		return floor !== null && t !== null && t <= floor;
	};

	// Pass 1: every unread alert, nothing marked. A failure throws here and changes nothing.
	const unread = await listAll(request.list, { onlyUnread: true, markAsRead: false });

	const fresh = new Map<string, AlertRecord>();
	for (const alert of unread) if (!isOld(alert) && !fresh.has(String(alert.id))) fresh.set(String(alert.id), alert);

	// Pass 2: mark them read; newcomers in it are emitted too.
	let markingError: unknown;
	const marked: AlertRecord[] = [];
	if (request.markAsRead && unread.length > 0) {
		try {
			for await (const page of request.list({ onlyUnread: true, markAsRead: true })) marked.push(...page);
		} catch (error) {
			markingError = error;
		}
		for (const alert of marked) if (!isOld(alert) && !fresh.has(String(alert.id))) fresh.set(String(alert.id), alert);
	}

	// Remember what was emitted, and keep of the older ids those still listed as unread: the others cannot
	// come back. Whether pass 2 really marked anything is not assumed (the flag's name is uncertain): the next
	// pass 1 shows it.
	const listed = new Set(unread.map((a) => String(a.id)));
	let kept: Array<[string, number | null]> = [...seen].filter(([id]) => listed.has(id));
	for (const [id, alert] of fresh) kept.push([id, timeOf(alert)]);
	let newFloor = floor;
	if (kept.length > memory) {
		for (const [, t] of kept.slice(0, kept.length - memory)) if (t !== null && (newFloor === null || t > newFloor)) newFloor = t;
		kept = kept.slice(kept.length - memory);
	}

	const now = request.now ?? Date.now();
	const items = [...fresh.values()]
		.map((alert) => normaliseAlert(alert, now))
		.filter((item) => eventSelected(request.events, item.event));
	return { items, state: { seen: kept, floor: newFloor }, markingError };
}

/** Manual mode ("Fetch Test Event"): the latest alerts, unread first, nothing marked or remembered. */
export async function sampleAlerts(list: AlertLister, events: string[], now = Date.now()): Promise<TerminalAlertEvent[]> {
	let alerts = await listAll(list, { onlyUnread: true, markAsRead: false });
	if (alerts.length === 0) alerts = await listAll(list, { onlyUnread: false, markAsRead: false });
	const items = alerts.map((a) => normaliseAlert(a, now)).filter((item) => eventSelected(events, item.event));
	return items.slice(-MANUAL_SAMPLE);
}
