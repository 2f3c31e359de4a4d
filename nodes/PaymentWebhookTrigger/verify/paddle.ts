import { headerValue } from '../../shared/webhookAuth';
import { anySignatureMatches, hmac, staleReason } from './hmac';
import { forged, missing, type Delivery, type Verdict } from './types';

export const PADDLE_HEADER = 'Paddle-Signature';

/**
 * Paddle Billing: `Paddle-Signature: ts=<unix seconds>;h1=<hex HMAC-SHA256 of "<ts>:<raw body>">`, keyed with
 * the notification destination's secret (developer.paddle.com, "Verify webhook signatures"). During a secret
 * rotation the header carries one `h1` per secret; any of them may match. `ts` bounds replays.
 */
export function verifyPaddle(delivery: Delivery, secret: string, toleranceSeconds: number): Verdict {
	const header = headerValue(delivery.headers, PADDLE_HEADER);
	if (header === undefined || header.trim() === '') return missing(PADDLE_HEADER);
	let ts: string | undefined;
	const h1: string[] = [];
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		const key = part.slice(0, eq).trim();
		const value = part.slice(eq + 1).trim();
		if (key === 'ts') ts = value;
		else if (key === 'h1') h1.push(value);
	}
	if (ts === undefined || !/^\d{1,12}$/.test(ts) || h1.length === 0) {
		return forged(`${PADDLE_HEADER} is not "ts=…;h1=…"`);
	}
	const expected = hmac('sha256', secret, [`${ts}:`, delivery.raw]);
	if (!anySignatureMatches(expected, h1, 'hex')) return forged(`${PADDLE_HEADER} does not match the body`);
	const stale = staleReason(Number(ts) * 1000, delivery.now, toleranceSeconds);
	return stale === null ? { ok: true } : forged(stale);
}
