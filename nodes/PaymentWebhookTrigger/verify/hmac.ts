import { createHmac } from 'node:crypto';

import { safeEqualBytes } from '../../shared/webhookAuth';
import type { Algorithm, Encoding } from './config';

/** HMAC of the parts, in order, keyed with the secret as UTF-8 text (as every supported gateway keys it). */
export function hmac(algorithm: Algorithm, secret: string, parts: Array<string | Buffer>): Buffer {
	const mac = createHmac(algorithm, secret);
	for (const part of parts) mac.update(part);
	return mac.digest();
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * The bytes a signature text stands for, or null when it is not strictly hex / base64 (Buffer.from would
 * silently drop what it cannot read, so that a damaged signature could still match).
 */
export function decodeSignature(value: string, encoding: Encoding): Buffer | null {
	const v = value.trim();
	if (v === '') return null;
	if (encoding === 'hex') return HEX.test(v) && v.length % 2 === 0 ? Buffer.from(v, 'hex') : null;
	if (!BASE64.test(v)) return null;
	return Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/**
 * Whether any candidate signature is the expected digest. Every candidate is compared, in constant time, so the
 * answer's timing does not say which one (or how much of one) matched. Several candidates occur while a gateway
 * rotates its secret.
 */
export function anySignatureMatches(expected: Buffer, candidates: string[], encoding: Encoding): boolean {
	let matched = false;
	for (const candidate of candidates) {
		const given = decodeSignature(candidate, encoding);
		if (given !== null && safeEqualBytes(given, expected)) matched = true;
	}
	return matched;
}

/**
 * Seconds or milliseconds since the epoch (a value above 1e11 is taken as milliseconds), or an ISO date, as
 * milliseconds; null when it is none of these.
 */
export function timestampMs(value: string): number | null {
	const v = value.trim();
	if (/^\d+(\.\d+)?$/.test(v)) {
		const n = Number(v);
		return n > 1e11 ? n : n * 1000;
	}
	const parsed = Date.parse(v);
	return /\d{4}-\d{2}-\d{2}/.test(v) && Number.isFinite(parsed) ? parsed : null;
}

/** Null when the signed time is within `toleranceSeconds` of now (either side), else why not. */
export function staleReason(signedAtMs: number, now: number, toleranceSeconds: number): string | null {
	const skew = (now - signedAtMs) / 1000;
	if (Math.abs(skew) <= toleranceSeconds) return null;
	return skew > 0
		? `The signature is ${Math.round(skew)} s old (more than ${toleranceSeconds} s): a replay or a late delivery`
		: `The signature is dated ${Math.round(-skew)} s in the future (more than ${toleranceSeconds} s)`;
}
