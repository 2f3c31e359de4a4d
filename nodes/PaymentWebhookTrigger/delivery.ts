import { eventSelected, eventsOf, type EventFields } from './events';
import type { WebhookConfig } from './verify/config';
import { verifyDelivery } from './verify';
import type { Delivery } from './verify/types';

/**
 * What the Payment Webhook Trigger does with one request, as a plain function (the node only wires it to n8n):
 * verify the exact bytes received, then parse, then pick the selected events.
 */

export interface DeliveryRequest extends Delivery, EventFields {
	config: WebhookConfig;
	/** Event types that start the workflow; `*` for all. */
	events: string[];
}

export type DeliveryOutcome =
	| { outcome: 'rejected'; status: 400 | 401 | 403; message: string; headers?: Record<string, string> }
	| { outcome: 'ignored'; message: string }
	| { outcome: 'accepted'; items: Array<Record<string, unknown>> };

const contentType = (headers: Record<string, unknown>): string => {
	for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === 'content-type') return String(value).toLowerCase();
	return '';
};

/** The body as JSON, or form fields for a generic sender that posts a form; undefined when it is neither. */
function parseBody(raw: Buffer, headers: Record<string, unknown>): unknown {
	const text = raw.toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		if (contentType(headers).includes('application/x-www-form-urlencoded')) {
			return Object.fromEntries(new URLSearchParams(text));
		}
		return undefined;
	}
}

export function handleDelivery(request: DeliveryRequest): DeliveryOutcome {
	const verdict = verifyDelivery(request.config, request);
	if (!verdict.ok) return { outcome: 'rejected', status: verdict.status, message: verdict.reason, headers: verdict.headers };

	const body = parseBody(request.raw, request.headers);
	const formAllowed = request.config.provider === 'genericHmac';
	if (body === undefined || (!formAllowed && (typeof body !== 'object' || body === null || Array.isArray(body)))) {
		return { outcome: 'rejected', status: 400, message: 'The body is not a JSON object' };
	}

	const receivedAt = new Date(request.now).toISOString();
	const events = eventsOf(request.config.provider, body, request.raw, request);
	const selected = events.filter((e) => eventSelected(request.events, e.eventType));
	if (selected.length === 0) {
		return { outcome: 'ignored', message: events.length ? `Event type "${events[0].eventType}" is not selected` : 'No events in the body' };
	}
	return {
		outcome: 'accepted',
		items: selected.map((e) => ({
			...e.json,
			provider: request.config.provider,
			eventId: e.eventId,
			eventType: e.eventType,
			receivedAt,
		})),
	};
}
