/**
 * The gateways the mapper reads, in the order `auto` tries them. Adding a gateway: write its parser (see
 * `parser.ts`) and add it here.
 */
import { ItemError, type Interpretation, type MapperOptions } from '../types';
import { isObj, type Obj } from '../values';
import { braintree } from './braintree';
import { custom } from './custom';
import type { GatewayParser } from './parser';
import { stripe } from './stripe';

export const GATEWAYS: readonly GatewayParser[] = [stripe, braintree, custom];

export function gatewayParser(name: string): GatewayParser | null {
	return GATEWAYS.find((g) => g.name === name) ?? null;
}

/** Recognise the gateway (or use the chosen one) and interpret the item. Throws ItemError for an unrecognisable input. */
export function interpret(json: unknown, options: MapperOptions): Interpretation {
	if (!isObj(json)) throw new ItemError('the item is not an object, so it is not a payment event');
	if (options.gateway !== 'auto') {
		const parser = gatewayParser(options.gateway);
		if (!parser) throw new ItemError(`unknown gateway "${options.gateway}"`, 'gateway');
		const wrong = parser.misdelivered?.(json);
		if (wrong) throw new ItemError(wrong);
		if (!parser.recognise) return parser.interpret(json, options);
		const payload = parser.recognise(json);
		if (!payload) throw new ItemError(parser.notRecognised);
		return parser.interpret(payload, options);
	}
	for (const parser of GATEWAYS) {
		const payload = parser.recognise?.(json);
		if (payload) return parser.interpret(payload, options);
	}
	for (const parser of GATEWAYS) {
		const wrong = parser.misdelivered?.(json);
		if (wrong) throw new ItemError(wrong);
	}
	const names = GATEWAYS.filter((g) => g.recognise).map((g) => g.displayName);
	throw new ItemError(
		`not a recognised payment event: expected an event or object of ${names.join(', ')}; choose the gateway "Custom" to map any other payload`,
	);
}

/** Where the device id was looked for, in the words of the item's gateway. */
export function deviceLookup(interp: Interpretation, options: MapperOptions): string {
	const parser = gatewayParser(interp.gateway);
	return parser ? parser.deviceLookup(interp, options) : 'the item';
}

export type { GatewayParser, Obj };
