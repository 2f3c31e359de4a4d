import { headerValue } from '../../shared/webhookAuth';
import { anySignatureMatches, hmac } from './hmac';
import { forged, missing, type Delivery, type Verdict } from './types';

export const GOCARDLESS_HEADER = 'Webhook-Signature';
export const LEMON_SQUEEZY_HEADER = 'X-Signature';

/** A header holding the hex HMAC-SHA256 of the raw body, keyed with the endpoint's secret. */
function verifyBodyHmac(delivery: Delivery, secret: string, header: string): Verdict {
	const given = headerValue(delivery.headers, header);
	if (given === undefined || given.trim() === '') return missing(header);
	const expected = hmac('sha256', secret, [delivery.raw]);
	return anySignatureMatches(expected, [given], 'hex') ? { ok: true } : forged(`${header} does not match the body`);
}

/**
 * GoCardless: `Webhook-Signature` = hex HMAC-SHA256 of the body with the webhook endpoint's secret (the
 * gocardless-nodejs SDK's `webhooks.verifySignature`). GoCardless signs no time: dedupe by event id instead.
 */
export const verifyGoCardless = (delivery: Delivery, secret: string): Verdict =>
	verifyBodyHmac(delivery, secret, GOCARDLESS_HEADER);

/**
 * Lemon Squeezy: `X-Signature` = hex HMAC-SHA256 of the body with the webhook's signing secret
 * (docs.lemonsqueezy.com, "Signing requests"; the lemonsqueezy.js SDK has no verifier). No time is signed.
 */
export const verifyLemonSqueezy = (delivery: Delivery, secret: string): Verdict =>
	verifyBodyHmac(delivery, secret, LEMON_SQUEEZY_HEADER);
