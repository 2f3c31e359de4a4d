/**
 * Custom gateway (any other payment provider, or a local payment method): the status, device id and event id are
 * read with dot paths, and the status is compared with comma-separated lists of values (case-insensitive).
 */
import type { Interpretation, MapperOptions } from '../types';
import { ItemError } from '../types';
import type { GatewayParser } from './parser';
import { getPath, type Obj, splitList } from '../values';

function scalar(v: unknown): string | null {
	if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
	if (typeof v === 'number' && Number.isFinite(v)) return String(v);
	if (typeof v === 'boolean') return String(v);
	return null;
}

export function interpretCustom(json: Obj, options: MapperOptions): Interpretation {
	const statusField = options.statusField.trim();
	if (statusField === '') throw new ItemError('the custom gateway needs a Status Field (a dot path such as "data.status")', 'statusField');
	const rawStatus = getPath(json, statusField);
	const status = scalar(rawStatus);
	const active = splitList(options.activeValues).map((s) => s.toLowerCase());
	const suspend = splitList(options.suspendValues).map((s) => s.toLowerCase());

	let signal: Interpretation['signal'] = 'info';
	let detail: string;
	if (status === null) {
		detail = `there is no status at "${statusField}"`;
	} else if (active.includes(status.toLowerCase())) {
		signal = 'active';
		detail = `the status "${status}" is one of the "Active Values"`;
	} else if (suspend.includes(status.toLowerCase())) {
		signal = 'unpaid';
		detail = `the status "${status}" is one of the "Suspend Values"`;
	} else {
		detail = `the status "${status}" is in neither "Active Values" nor "Suspend Values"`;
	}

	const eventIdField = options.eventIdField.trim();
	const eventId = eventIdField ? scalar(getPath(json, eventIdField)) : null;
	const deviceIdField = options.deviceIdField.trim();

	return {
		gateway: 'custom',
		eventId,
		eventType: status,
		subscriptionId: null,
		customerId: null,
		secondaryKey: null,
		signal,
		detail,
		occurredAtMs: null,
		paidThroughMs: null,
		failedPeriodStartMs: null,
		livemode: null,
		deviceSources: deviceIdField ? [{ where: deviceIdField, value: getPath(json, deviceIdField), valueKind: 'any' }] : [],
		bareObject: eventId === null,
	};
}

export const custom: GatewayParser = {
	name: 'custom',
	displayName: 'Custom',
	description: 'Any other gateway or a local payment method, read with field paths',
	interpret: interpretCustom,
	notRecognised: 'the custom gateway reads any object',
	deviceLookup: (_interp, options) =>
		options.deviceIdField.trim() ? `the field "${options.deviceIdField.trim()}"` : 'no field (set "Device ID Field")',
};
