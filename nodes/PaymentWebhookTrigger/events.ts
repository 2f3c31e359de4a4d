import { createHash } from 'node:crypto';

import type { Provider } from './verify/config';

/**
 * What a verified body holds: one event (Paddle, Chargebee, Lemon Squeezy, most in-house systems) or several
 * (GoCardless batches them), each with the id and type that the Payment Status Mapper dedupes and decides on.
 */
export interface TriggerEvent {
	eventId: string;
	eventType: string;
	json: Record<string, unknown>;
}

export interface EventFields {
	/** Dot paths for a generic HMAC sender's event id and type; empty: the usual names are tried. */
	eventIdField?: string;
	eventTypeField?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function at(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (!isRecord(current)) return undefined;
		current = current[key];
	}
	return current;
}

function firstText(value: unknown, paths: string[]): string | undefined {
	for (const path of paths) {
		const v = at(value, path);
		if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
	}
	return undefined;
}

/**
 * sha256 hex of the exact bytes received: the event id of a sender that names none (Lemon Squeezy). A
 * redelivery of the same event carries the same bytes, so it dedupes.
 */
export const bodyHash = (raw: Buffer): string => createHash('sha256').update(raw).digest('hex');

const GENERIC_ID = ['id', 'event_id', 'eventId', 'event.id'];
const GENERIC_TYPE = ['type', 'event_type', 'eventType', 'event', 'event.type'];

/** The events in a verified, parsed body (`raw` is its bytes: a fallback id). */
export function eventsOf(provider: Provider, body: unknown, raw: Buffer, fields: EventFields = {}): TriggerEvent[] {
	const json = isRecord(body) ? body : { body };
	const one = (idPaths: string[], typePaths: string[]): TriggerEvent[] => [
		{ eventId: firstText(json, idPaths) ?? bodyHash(raw), eventType: firstText(json, typePaths) ?? '', json },
	];
	switch (provider) {
		case 'paddle':
			// event_id names the event; notification_id names one delivery of it to one destination.
			return one(['event_id', 'notification_id'], ['event_type']);
		case 'chargebee':
			return one(['id'], ['event_type']);
		case 'lemonSqueezy':
			return one([], ['meta.event_name']);
		case 'gocardless': {
			// {"events": [...], "meta": {"webhook_id": ...}}: one item per event, each keeping the delivery's meta.
			const events = Array.isArray(json.events) ? json.events : [];
			return events.filter(isRecord).map((event) => ({
				eventId: firstText(event, ['id']) ?? bodyHash(Buffer.from(JSON.stringify(event))),
				eventType: [firstText(event, ['resource_type']), firstText(event, ['action'])].filter(Boolean).join('.'),
				json: json.meta === undefined ? event : { ...event, meta: json.meta },
			}));
		}
		case 'genericHmac': {
			const idPaths = fields.eventIdField ? [fields.eventIdField] : GENERIC_ID;
			const typePaths = fields.eventTypeField ? [fields.eventTypeField] : GENERIC_TYPE;
			return one(idPaths, typePaths);
		}
	}
}

/** Whether an event type is among the selected ones (`*` selects all; comparison ignores case). */
export function eventSelected(selected: string[], eventType: string): boolean {
	if (selected.length === 0 || selected.includes('*')) return true;
	const type = eventType.toLowerCase();
	return selected.some((s) => s.toLowerCase() === type);
}
