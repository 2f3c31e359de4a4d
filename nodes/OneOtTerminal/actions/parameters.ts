import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { checkIdentifier, identifierLabel, type IdentifierKind } from '../../shared/identifiers';
import type { SimRef } from '../../shared/oneot/resolve';

/** Reading and checking an item's parameters: each reader throws an error that names the item and the field. */

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
