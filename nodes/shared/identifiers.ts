/**
 * SIM and device identifiers. ICCIDs (18–20 digits) and IMEIs (15–16 digits) are strings of digits and
 * must stay strings: a 20-digit ICCID exceeds 2^53, so a JavaScript number has already lost digits by the
 * time it reaches us. We refuse numbers instead of guessing.
 */

export type IdentifierKind = 'iccid' | 'imei' | 'eid';

const RULES: Record<IdentifierKind, { label: string; min: number; max: number }> = {
	iccid: { label: 'ICCID', min: 18, max: 20 },
	imei: { label: 'IMEI', min: 15, max: 16 },
	eid: { label: 'EID', min: 32, max: 32 },
};

export type IdentifierCheck = { ok: true; value: string } | { ok: false; problem: string };

/** Checks one identifier; on failure `problem` says what is wrong with the value, for an item error. */
export function checkIdentifier(kind: IdentifierKind, raw: unknown): IdentifierCheck {
	const { label, min, max } = RULES[kind];
	if (typeof raw === 'number' || typeof raw === 'bigint') {
		return {
			ok: false,
			problem: `The ${label} arrived as a number (${String(raw)}): numbers lose digits beyond 2^53, so keep the ${label} as text from its source on.`,
		};
	}
	if (raw === undefined || raw === null || raw === '') {
		return { ok: false, problem: `The ${label} is empty.` };
	}
	if (typeof raw !== 'string') {
		return { ok: false, problem: `The ${label} must be a string of digits, not ${Array.isArray(raw) ? 'a list' : typeof raw}.` };
	}
	const value = raw.trim();
	if (!/^\d+$/.test(value)) {
		return { ok: false, problem: `The ${label} "${value}" must contain digits only.` };
	}
	if (value.length < min || value.length > max) {
		const expected = min === max ? `${min}` : `${min} to ${max}`;
		return {
			ok: false,
			problem: `The ${label} "${value}" has ${value.length} digits; an ${label} has ${expected}.`,
		};
	}
	return { ok: true, value };
}

export function identifierLabel(kind: IdentifierKind): string {
	return RULES[kind].label;
}

/** Whether a string is digits only with the length of this kind of identifier (to tell ICCIDs and IMEIs apart). */
export function isIdentifier(kind: IdentifierKind, value: string): boolean {
	const { min, max } = RULES[kind];
	return /^\d+$/.test(value) && value.length >= min && value.length <= max;
}
