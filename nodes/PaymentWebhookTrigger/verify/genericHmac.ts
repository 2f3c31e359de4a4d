import { headerValue } from '../../shared/webhookAuth';
import type { GenericHmacConfig } from './config';
import { anySignatureMatches, hmac, staleReason, timestampMs } from './hmac';
import { forged, missing, type Delivery, type Verdict } from './types';

/** The header's signatures: split on commas and spaces (several during a secret rotation), prefix removed. */
export function signatureCandidates(header: string, prefix: string): string[] {
	const parts = header.split(/[\s,]+/).filter((p) => p !== '');
	if (prefix === '') return parts;
	const lower = prefix.toLowerCase();
	return parts.filter((p) => p.toLowerCase().startsWith(lower)).map((p) => p.slice(prefix.length));
}

/** The bytes that were signed: the Signed Content template with the timestamp text and the raw body in place. */
function signedParts(template: string, timestamp: string, raw: Buffer): Array<string | Buffer> {
	const parts: Array<string | Buffer> = [];
	template.split('{body}').forEach((piece, i) => {
		if (i > 0) parts.push(raw);
		if (piece !== '') parts.push(piece.split('{timestamp}').join(timestamp));
	});
	return parts;
}

/**
 * Any gateway or in-house billing system that signs its webhooks with an HMAC: the signature header (hex or
 * base64, optional prefix such as `sha256=`) over the raw body, or, with a timestamp header, over the Signed
 * Content template (default `{timestamp}.{body}`) with a replay window.
 */
export function verifyGenericHmac(
	delivery: Delivery,
	config: GenericHmacConfig & { secret: string; toleranceSeconds: number },
): Verdict {
	const header = headerValue(delivery.headers, config.signatureHeader);
	if (header === undefined || header.trim() === '') return missing(config.signatureHeader);
	const candidates = signatureCandidates(header, config.signaturePrefix);
	if (candidates.length === 0) return forged(`${config.signatureHeader} has no signature starting with the prefix`);

	if (config.timestampHeader === '') {
		const expected = hmac(config.algorithm, config.secret, [delivery.raw]);
		return anySignatureMatches(expected, candidates, config.encoding)
			? { ok: true }
			: forged(`${config.signatureHeader} does not match the body`);
	}

	const timestamp = headerValue(delivery.headers, config.timestampHeader);
	if (timestamp === undefined || timestamp.trim() === '') return missing(config.timestampHeader);
	const signedAt = timestampMs(timestamp);
	if (signedAt === null) return forged(`${config.timestampHeader} is not a time`);
	const expected = hmac(config.algorithm, config.secret, signedParts(config.signedContent, timestamp.trim(), delivery.raw));
	if (!anySignatureMatches(expected, candidates, config.encoding)) {
		return forged(`${config.signatureHeader} does not match the body and ${config.timestampHeader}`);
	}
	const stale = staleReason(signedAt, delivery.now, config.toleranceSeconds);
	return stale === null ? { ok: true } : forged(stale);
}
