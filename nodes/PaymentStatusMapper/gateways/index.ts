/**
 * The gateways the mapper reads, in the order `auto` tries them. Adding a gateway: write its parser (see
 * `parser.ts`) and add it here.
 */
import { ItemError, type Interpretation, type MapperOptions } from '../types';
import { isObj, type Obj } from '../values';
import { braintree } from './braintree';
import { chargebee } from './chargebee';
import { custom } from './custom';
import { gocardless } from './gocardless';
import { mollie } from './mollie';
import { paddle } from './paddle';
import type { GatewayParser } from './parser';
import { paypal } from './paypal';
import { stripe } from './stripe';

// Chargebee before Stripe: a Chargebee subscription is also `object: "subscription"` with an id; only Chargebee's
// recogniser tells them apart (customer_id and Chargebee's statuses). Every recogniser refuses the others' shapes.
export const GATEWAYS: readonly GatewayParser[] = [paddle, chargebee, paypal, gocardless, mollie, stripe, braintree, custom];

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
