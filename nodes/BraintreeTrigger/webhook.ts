import { answerChallenge, verifyBraintreeSignature } from './signature';
import { checkTimestamp, payloadHash, tryParseNotificationPayload, type BraintreeNotification } from './notification';

/**
 * What the Braintree Trigger does with a request, as plain functions (the node only wires them to n8n).
 */

export interface BraintreeKeys {
	publicKey: string;
	privateKey: string;
}

export type ChallengeOutcome = { ok: true; body: string } | { ok: false; message: string };

/** GET `?bt_challenge=<hex>` → the text Braintree expects back. */
export function respondToChallenge(query: Record<string, unknown> | undefined, keys: BraintreeKeys): ChallengeOutcome {
	const challenge = query?.bt_challenge;
	try {
		return { ok: true, body: answerChallenge(challenge, keys.publicKey, keys.privateKey) };
	} catch (error) {
		return {
			ok: false,
			message: challenge === undefined ? 'bt_challenge is missing' : (error as Error).message,
		};
	}
}

/**
 * The output item: the parsed notification (SDK shape) plus two fields added by the trigger. Both are the same for
 * every redelivery of a notification (nothing time-of-receipt dependent), so hashing the item dedupes too.
 */
export interface BraintreeTriggerItem extends BraintreeNotification {
	/** The credential's environment, `sandbox` or `production`. */
	environment: string;
	/** sha256 hex of bt_payload (trailing newlines removed): Braintree has no event id, use this to dedupe. */
	payloadHash: string;
}

export type NotificationOutcome =
	| { outcome: 'rejected'; message: string }
	| { outcome: 'ignored'; kind: string; message: string }
	| { outcome: 'accepted'; item: BraintreeTriggerItem };

export interface NotificationRequest {
	signature: unknown;
	payload: unknown;
	keys: BraintreeKeys;
	/** Kinds that start the workflow; `*` for every kind. */
	events: string[];
	maxAgeHours: number;
	environment: string;
	now: number;
}

/**
 * A form-decoded bt_payload never holds spaces: a space can only be a `+` that something decoded as a space
 * (a naive form decoder). Putting the `+` back is safe, because the signature is checked on the result.
 */
export function repairPayload(payload: unknown): unknown {
	return typeof payload === 'string' && payload.includes(' ') ? payload.replace(/ /g, '+') : payload;
}

/** POST bt_signature + bt_payload → reject (403), ignore (200, kind not selected) or accept (start the workflow). */
export function handleNotification(request: NotificationRequest): NotificationOutcome {
	const payload = repairPayload(request.payload);
	const signature = typeof request.signature === 'string' ? request.signature.trim() : request.signature;
	const check = verifyBraintreeSignature(signature, payload, request.keys.publicKey, request.keys.privateKey);
	if (!check.valid) return { outcome: 'rejected', message: check.message };

	const parsed = tryParseNotificationPayload(payload as string);
	if (!parsed.ok) return { outcome: 'rejected', message: parsed.message };
	const notification = parsed.notification;
	const maxAgeHours = Number.isFinite(request.maxAgeHours) && request.maxAgeHours > 0 ? request.maxAgeHours : 48;
	const age = checkTimestamp(notification.timestamp, request.now, maxAgeHours * 3600 * 1000);
	if (!age.ok) return { outcome: 'rejected', message: age.message };

	if (!request.events.includes('*') && !request.events.includes(notification.kind)) {
		return { outcome: 'ignored', kind: notification.kind, message: `Kind "${notification.kind}" is not selected` };
	}
	return {
		outcome: 'accepted',
		item: {
			...notification,
			environment: request.environment,
			payloadHash: payloadHash(payload as string),
		},
	};
}
