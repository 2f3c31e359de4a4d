import type { IDataObject } from 'n8n-workflow';

import type { DecisionItem } from './types';

/**
 * The order a user reads a decision in n8n's table and JSON views: what to do and why first, then which device,
 * then where it came from. The editor shows fields in the object's own order, and a wide table hides the columns
 * on the right.
 */
const FIELD_ORDER: readonly string[] = [
	'action',
	'desiredState',
	'reason',
	'iccid',
	'imei',
	'billingStatus',
	'gateway',
	'eventType',
	'subscriptionId',
	'customerId',
	'eventId',
	'paidThrough',
	'occurredAt',
	'livemode',
];

/** Device ids are left out when unknown: a subscription names its device by ICCID or by IMEI, rarely both. */
const OMIT_WHEN_NULL: ReadonlySet<string> = new Set(['iccid', 'imei']);

/**
 * The node's output item for a decision: SPEC 3.2's fields in reading order (any other field after them, in its
 * own order), without empty device ids.
 */
export function toOutputItem(item: DecisionItem): IDataObject {
	const fields = item as unknown as IDataObject;
	const out: IDataObject = {};
	for (const key of [...FIELD_ORDER, ...Object.keys(fields)]) {
		if (key in out || !(key in fields)) continue;
		if (fields[key] === null && OMIT_WHEN_NULL.has(key)) continue;
		out[key] = fields[key];
	}
	return out;
}
