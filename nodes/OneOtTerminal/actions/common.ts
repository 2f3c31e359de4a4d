import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { applyAction, type Outcome } from '../../shared/oneot/bulk';
import { resolveSims, type SimRef } from '../../shared/oneot/resolve';
import { checkIdentifier, identifierLabel, type IdentifierKind } from '../../shared/identifiers';
import type { EngineOptions } from '../../shared/oneot/engine';
import type { ExecutionOptions, ItemOutcome, OperationContext, Prepared } from './types';

/** Shows a property for some operations of the SIM resource. */
export function forSim(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['sim'], operation: operations } };
}

/** The "which SIM" fields: identify by ICCID (default), IMEI or EID, and the matching value. */
export function simIdentifierFields(operations: string[]): INodeProperties[] {
	const show = (identifyBy: IdentifierKind) => ({
		show: { resource: ['sim'], operation: operations, identifyBy: [identifyBy] },
	});
	return [
		{
			displayName: 'Identify SIM By',
			name: 'identifyBy',
			type: 'options',
			options: [
				{ name: 'ICCID', value: 'iccid', description: 'The number printed on the SIM (18–20 digits)' },
				{ name: 'IMEI', value: 'imei', description: 'The device the SIM is in (15 digits); looked up once per run' },
				{ name: 'EID', value: 'eid', description: 'The eSIM identifier (32 digits)' },
			],
			default: 'iccid',
			displayOptions: forSim(operations),
		},
		{
			displayName: 'ICCID',
			name: 'iccid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 8988303000000000001',
			description: 'The ICCID as text; a number would lose digits',
			// n8n's hint, not the description: the description lint would turn $json into $JSON, which n8n does not know
			hint: 'Usually an expression: {{ $json.iccid }}',
			displayOptions: show('iccid'),
		},
		{
			displayName: 'IMEI',
			name: 'imei',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 356938035643809',
			description: 'The IMEI of the device the SIM is in (15 digits), as text. The node finds the SIM by listing the account once per run.',
			displayOptions: show('imei'),
		},
		{
			displayName: 'EID',
			name: 'eid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 89049032000001000000000000000001',
			description: 'The eSIM identifier (EID, 32 digits), as text',
			displayOptions: show('eid'),
		},
	];
}

/**
 * `={{ $json.a.b }}` or `={{ $json["a"] }}`: an expression that only reads a field of the item. Its path, or null
 * for any other value or expression.
 */
export function plainJsonPath(raw: unknown): string[] | null {
	if (typeof raw !== 'string') return null;
	const whole = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:'[^'\\]*'|"[^"\\]*")\s*\])+)\s*\}\}$/.exec(raw);
	if (!whole) return null;
	const path: string[] = [];
	const segment = /\.([A-Za-z_$][\w$]*)|\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/g;
	for (let m = segment.exec(whole[1]); m; m = segment.exec(whole[1])) path.push(m[1] ?? m[2] ?? m[3]);
	return path;
}

type ParameterShape = { kind: 'path'; path: string[] } | { kind: 'fixed'; value?: { v: unknown } } | { kind: 'other' };

const shapes = new WeakMap<IExecuteFunctions, Map<string, ParameterShape>>();

function shapeOf(raw: unknown): ParameterShape {
	const path = plainJsonPath(raw);
	if (path) return { kind: 'path', path };
	const fixed = raw === null || ['string', 'number', 'boolean'].includes(typeof raw);
	return fixed && !(typeof raw === 'string' && raw.startsWith('=')) ? { kind: 'fixed' } : { kind: 'other' };
}

/**
 * A per-item parameter, as `getNodeParameter(name, itemIndex, fallback)` returns it, without paying n8n's
 * per-item evaluation where the answer cannot depend on the item (about 0.1 ms per item and parameter for an
 * expression, 0.02 ms for a fixed value: on a fleet of 100,000 SIMs that was most of the node's time):
 * - a fixed value (no expression): read once with `getNodeParameter`, the same for every item;
 * - an expression that only reads a text field of the item (`{{ $json.iccid }}`, how users wire these
 *   nodes): the text is taken from the item itself.
 * Anything else (other expressions, a field that is missing or not text) goes through `getNodeParameter`.
 */
export function itemParameter(fn: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): unknown {
	let known = shapes.get(fn);
	if (!known) shapes.set(fn, (known = new Map()));
	let shape = known.get(name);
	if (shape === undefined) {
		shape = shapeOf(fn.getNode().parameters[name]);
		known.set(name, shape);
	}
	if (shape.kind === 'fixed') {
		shape.value ??= { v: fn.getNodeParameter(name, itemIndex, fallback) };
		return shape.value.v;
	}
	if (shape.kind === 'path') {
		const path = shape.path;
		let value: unknown = fn.getInputData()[itemIndex]?.json;
		for (const key of path) {
			value = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key) ? (value as IDataObject)[key] : undefined;
		}
		if (typeof value === 'string') return value;
	}
	return fn.getNodeParameter(name, itemIndex, fallback);
}

/** Reads and checks an item's SIM identifier. Throws a NodeOperationError naming the item and the field. */
export function readSimRef(fn: IExecuteFunctions, itemIndex: number): SimRef {
	const by = itemParameter(fn, 'identifyBy', itemIndex, 'iccid') as IdentifierKind;
	const raw = itemParameter(fn, by, itemIndex, '');
	const check = checkIdentifier(by, raw);
	if (!check.ok) {
		throw new NodeOperationError(fn.getNode(), `Item ${itemIndex}: ${check.problem}`, {
			itemIndex,
			description: `Check the field "${identifierLabel(by)}" for this item.`,
		});
	}
	return { by, id: check.value };
}

/** The fields an error item carries to say which SIM it was about. */
export function describeRef(ref: SimRef): IDataObject {
	return { [ref.by]: ref.id };
}

/** Resolves items' SIM references to ICCIDs; outcome per item, in order. */
export async function resolveItems<P extends { ref: SimRef }>(
	ctx: OperationContext,
	items: Array<Prepared<P>>,
): Promise<Array<Outcome<{ iccid: string }>>> {
	return await resolveSims(
		ctx.client,
		items.map((item) => item.input.ref),
		{ readBatchSize: ctx.options.readBatchSize, imeiIndex: ctx.imeiIndex },
	);
}

/**
 * Sends one action for all items, grouping items whose extra query is the same (e.g. the same group
 * name) into shared comma-list calls. `output` shapes each item's result.
 */
export async function runGroupedAction<P extends { ref: SimRef }>(
	ctx: OperationContext,
	items: Array<Prepared<P>>,
	path: string,
	extraOf: (input: P) => Record<string, string | number>,
	output: (iccid: string, answer: unknown, input: P) => IDataObject,
): Promise<ItemOutcome[]> {
	const resolved = await resolveItems(ctx, items);
	const results: ItemOutcome[] = resolved.map((r) => (r.ok ? { ok: true, value: {} } : r));
	const groups = new Map<string, number[]>();
	items.forEach((item, k) => {
		if (!resolved[k].ok) return;
		const key = JSON.stringify(extraOf(item.input));
		(groups.get(key) ?? groups.set(key, []).get(key)!).push(k);
	});
	await Promise.all(
		[...groups].map(async ([key, ks]) => {
			const iccids = ks.map((k) => (resolved[k] as { value: { iccid: string } }).value.iccid);
			// Setting the same name, group or limit twice gives the same SIM: a lost answer is simply sent again.
			const answers = await applyAction(ctx.client, path, 'iccid', iccids, ctx.options.batchSize, JSON.parse(key), 'resend');
			ks.forEach((k, j) => {
				const answer = answers.get(iccids[j])!;
				results[k] = answer.ok ? { ok: true, value: output(iccids[j], answer.value, items[k].input) } : answer;
			});
		}),
	);
	return results;
}

/** The engine's options from the node's Options. */
export function engineOptions(options: ExecutionOptions): EngineOptions {
	return {
		batchSize: options.batchSize,
		readBatchSize: options.readBatchSize,
		waitForCompletion: options.waitForCompletion,
		completionTimeoutMs: options.completionTimeoutMs,
		suspendWith: options.suspendWith,
		maxResends: options.maxRetries,
	};
}

/** The SIM object from an action's answer, when the API answered one. */
export function simFromAnswer(answer: unknown): IDataObject | undefined {
	return answer && typeof answer === 'object' && 'iccid' in (answer as object) ? (answer as IDataObject) : undefined;
}

export const monthYearFields = (show: INodeProperties['displayOptions']): INodeProperties[] => [
	{
		displayName: 'Month',
		name: 'month',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 12 },
		default: 0,
		description: 'Month 1–12; 0 for the current month (UTC)',
		displayOptions: show,
	},
	{
		displayName: 'Year',
		name: 'year',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Four-digit year; 0 for the current year (UTC)',
		displayOptions: show,
	},
];

/** Month and year with 0 meaning "now", checked. */
export function readMonthYear(fn: IExecuteFunctions, itemIndex: number): { month: number; year: number } {
	const now = new Date();
	const month = Number(fn.getNodeParameter('month', itemIndex, 0)) || now.getUTCMonth() + 1;
	const year = Number(fn.getNodeParameter('year', itemIndex, 0)) || now.getUTCFullYear();
	if (!Number.isInteger(month) || month < 1 || month > 12) {
		throw new NodeOperationError(fn.getNode(), `Item ${itemIndex}: Month must be 1 to 12, not ${month}.`, { itemIndex });
	}
	if (!Number.isInteger(year) || year < 2000 || year > 9999) {
		throw new NodeOperationError(fn.getNode(), `Item ${itemIndex}: Year must have four digits, not ${year}.`, { itemIndex });
	}
	return { month, year };
}

/** Return All / Limit, as every n8n list operation has them. */
export function paginationFields(show: INodeProperties['displayOptions']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: show,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { ...show, show: { ...show?.show, returnAll: [false] } },
		},
	];
}

/** Collects pages from an async generator until the limit (or the end with Return All). */
export async function collect<T>(pages: AsyncGenerator<T[]>, limit: number | null): Promise<T[]> {
	const out: T[] = [];
	for await (const page of pages) {
		for (const record of page) {
			if (limit !== null && out.length >= limit) break;
			out.push(record);
		}
		if (limit !== null && out.length >= limit) break;
	}
	return out;
}
