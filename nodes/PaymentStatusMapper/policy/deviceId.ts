/**
 * Device id extraction and validation. ICCIDs (18–20 digits) and IMEIs (15–16 digits) are kept as strings: a
 * 20-digit ICCID exceeds 2^53, so a JavaScript number has already lost digits and is refused.
 */
import type { DeviceIdSource, Interpretation, MapperOptions } from './types';
import { ItemError } from './types';
import { getPath, isObj, type Obj, splitList } from './util';

export interface DeviceIds {
	iccid: string | null;
	imei: string | null;
	/** where the id was read */
	where: string;
}

const ICCID = /^\d{18,20}$/;
const IMEI = /^\d{15,16}$/;

function describe(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	return typeof v === 'object' ? 'an object' : typeof v;
}

/** Validates one value. `hint` is the metadata key or prefix that says which kind it is, if any. */
export function classifyDeviceId(value: unknown, where: string, hint: string | null): { kind: 'iccid' | 'imei'; id: string } {
	if (typeof value === 'number' || typeof value === 'bigint') {
		throw new ItemError(
			`the device id at "${where}" is a number (${String(value)}); ICCIDs and IMEIs must be strings of digits, because a 19–20 digit ICCID exceeds 2^53 and loses digits as a number`,
			where,
		);
	}
	if (typeof value !== 'string') {
		throw new ItemError(`the device id at "${where}" must be a string of digits, got ${describe(value)}`, where);
	}
	const id = value.replace(/\s+/g, '');
	const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
	let kind: 'iccid' | 'imei' | null = null;
	if (hint && /imei/i.test(hint)) kind = 'imei';
	else if (hint && /iccid/i.test(hint)) kind = 'iccid';
	else if (ICCID.test(id)) kind = 'iccid';
	else if (IMEI.test(id)) kind = 'imei';
	if (kind === 'iccid' && ICCID.test(id)) return { kind, id };
	if (kind === 'imei' && IMEI.test(id)) return { kind, id };
	if (kind === 'iccid') throw new ItemError(`"${shown}" at "${where}" is not a valid ICCID (18 to 20 digits)`, where);
	if (kind === 'imei') throw new ItemError(`"${shown}" at "${where}" is not a valid IMEI (15 or 16 digits)`, where);
	throw new ItemError(`"${shown}" at "${where}" is neither an ICCID (18 to 20 digits) nor an IMEI (15 or 16 digits)`, where);
}

const BT_ID = /^(iccid|imei)[-_]?(\d{15,20})(?:[-_][A-Za-z0-9]{1,12})?$/i;
const DIGITS = /^\d{15,20}$/;

function fromMetadata(meta: unknown, keys: string[], where: string): DeviceIds | null {
	if (!isObj(meta)) return null;
	const out: DeviceIds = { iccid: null, imei: null, where };
	let found = false;
	for (const key of keys) {
		if (!Object.prototype.hasOwnProperty.call(meta, key)) continue;
		const v = meta[key];
		if (v === null || v === undefined || v === '') continue;
		const { kind, id } = classifyDeviceId(v, `${where}.${key}`, key);
		if (out[kind] === null) out[kind] = id;
		found = true;
	}
	return found ? out : null;
}

function fromValue(source: DeviceIdSource): DeviceIds | null {
	const v = source.value;
	if (v === undefined || v === null || v === '') return null;
	if (source.valueKind === 'braintreeSubscriptionId') {
		if (typeof v !== 'string') return null;
		const m = BT_ID.exec(v);
		if (m) {
			const { kind, id } = classifyDeviceId(m[2], source.where, m[1]);
			return { iccid: kind === 'iccid' ? id : null, imei: kind === 'imei' ? id : null, where: source.where };
		}
		if (DIGITS.test(v)) {
			const { kind, id } = classifyDeviceId(v, source.where, null);
			return { iccid: kind === 'iccid' ? id : null, imei: kind === 'imei' ? id : null, where: source.where };
		}
		return null; // any other subscription id: try the Device ID Field
	}
	const { kind, id } = classifyDeviceId(v, source.where, null);
	return { iccid: kind === 'iccid' ? id : null, imei: kind === 'imei' ? id : null, where: source.where };
}

export function deviceIdKeys(options: MapperOptions): string[] {
	const keys = splitList(options.deviceIdKeys);
	return keys.length > 0 ? keys : ['iccid', 'imei'];
}

/**
 * The device ids of an item: the first source that has one wins. Returns null when there is none; throws an
 * ItemError when a value is there but malformed.
 */
export function resolveDeviceIds(interp: Interpretation, json: Obj, options: MapperOptions): DeviceIds | null {
	const keys = deviceIdKeys(options);
	for (const source of interp.deviceSources) {
		const found = source.value !== undefined || source.valueKind ? fromValue(source) : fromMetadata(source.metadata, keys, source.where);
		if (found) return found;
	}
	const field = options.deviceIdField.trim();
	if (field !== '' && interp.gateway !== 'custom') {
		const v = getPath(json, field);
		if (isObj(v)) {
			const found = fromMetadata(v, keys, field);
			if (found) return found;
		} else if (v !== undefined && v !== null && v !== '') {
			const { kind, id } = classifyDeviceId(v, field, field.split('.').pop() ?? null);
			return { iccid: kind === 'iccid' ? id : null, imei: kind === 'imei' ? id : null, where: field };
		}
	}
	return null;
}

/** Plain words: where the node looked. */
export function lookedAt(interp: Interpretation, options: MapperOptions): string {
	const keys = deviceIdKeys(options).join(', ');
	if (interp.gateway === 'stripe') {
		const places = interp.deviceSources.map((s) => s.where);
		const field = options.deviceIdField.trim();
		return `metadata keys ${keys} in ${places.length ? places.slice(0, 4).join(', ') : 'the object'}${places.length > 4 ? ', …' : ''}${field ? ` and the field "${field}"` : ''}`;
	}
	if (interp.gateway === 'braintree') {
		const field = options.deviceIdField.trim();
		return `the subscription id (iccid-<digits> or <digits>)${field ? ` and the field "${field}"` : '; set "Device ID Field" to read it elsewhere'}`;
	}
	return options.deviceIdField.trim() ? `the field "${options.deviceIdField.trim()}"` : 'no field (set "Device ID Field")';
}

