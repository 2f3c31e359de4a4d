/**
 * Device id extraction and validation, with the identifier rules the 1oT node uses (`shared/identifiers`).
 * ICCIDs and IMEIs are kept as strings: a 20-digit ICCID exceeds 2^53, so a JavaScript number has already lost
 * digits and is refused.
 */
import { isIdentifier } from '../../shared/identifiers';
import { deviceIdKeys, type DeviceIdSource, type Interpretation, ItemError, type MapperOptions } from '../types';
import { getPath, isObj, type Obj } from '../values';

export interface DeviceIds {
	iccid: string | null;
	imei: string | null;
	/** where the id was read */
	where: string;
}

function describe(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	return typeof v === 'object' ? 'an object' : typeof v;
}

/** Validates one value. `hint` is the metadata key or prefix that says which kind it is, if any. */
export function classifyDeviceId(value: unknown, where: string, hint: string | null): { kind: 'iccid' | 'imei'; id: string } {
	if (typeof value === 'number' || typeof value === 'bigint') {
		throw new ItemError(
			`the device id at "${where}" is a number (${String(value)}), but ICCIDs and IMEIs must be strings of digits, because a 19–20 digit ICCID exceeds 2^53 and loses digits as a number`,
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
	else if (isIdentifier('iccid', id)) kind = 'iccid';
	else if (isIdentifier('imei', id)) kind = 'imei';
	if (kind !== null && isIdentifier(kind, id)) return { kind, id };
	if (kind === 'iccid') throw new ItemError(`"${shown}" at "${where}" is not a valid ICCID (18 to 20 digits)`, where);
	if (kind === 'imei') throw new ItemError(`"${shown}" at "${where}" is not a valid IMEI (15 or 16 digits)`, where);
	throw new ItemError(`"${shown}" at "${where}" is neither an ICCID (18 to 20 digits) nor an IMEI (15 or 16 digits)`, where);
}

/** `iccid-<digits>`, `imei_<digits>`, optionally with a short suffix (a second subscription for the device). */
const TAGGED_ID = /^(iccid|imei)[-_]?(\d{15,20})(?:[-_][A-Za-z0-9]{1,12})?$/i;
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
	if (source.valueKind === 'tagged') {
		if (typeof v !== 'string') return null;
		const m = TAGGED_ID.exec(v);
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
