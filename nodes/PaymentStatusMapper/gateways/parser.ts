/**
 * What a gateway brings to the mapper: how to recognise its payloads, and how to read one into the single
 * `Interpretation` the policy decides on. A new gateway is one file exporting a `GatewayParser` plus its entry in
 * `gateways/index.ts`; the node's Gateway list, auto-detection and the messages come from that entry.
 */
import type { Interpretation, MapperOptions, Signal } from '../types';
import { isObj, type Obj } from '../values';

export interface GatewayParser {
	/** the `gateway` parameter value and the `gateway` output field (exact: saved workflows depend on it) */
	name: string;
	/** shown in the node's Gateway list */
	displayName: string;
	/** shown under the Gateway list entry */
	description: string;
	/**
	 * The gateway's payload in an item (the item itself, or a wrapper's `body`), or null when the item is not this
	 * gateway's. Parsers without a recogniser (custom) are used only when chosen by name, never by `auto`.
	 */
	recognise?(json: Obj): Obj | null;
	/** Reads a recognised payload (or, for parsers without a recogniser, the item). Throws ItemError for bad input. */
	interpret(payload: Obj, options: MapperOptions): Interpretation;
	/** Error text when this gateway was chosen and the item is not recognised. */
	notRecognised: string;
	/**
	 * A payload that belongs to this gateway but arrived in a form the mapper must not read (e.g. an unverified raw
	 * webhook): the error text, else null. Checked by `auto` and by name.
	 */
	misdelivered?(json: Obj): string | null;
	/** Plain words: where this gateway's device id was looked for, for the "no device id" message. */
	deviceLookup(interp: Interpretation, options: MapperOptions): string;
}

/** What one status or event means, before the parser adds ids and times: the parsers' common intermediate. */
export interface Reading {
	signal: Signal;
	detail: string;
	paidThroughMs: number | null;
	failedPeriodStartMs: number | null;
	deviceIdOptional?: boolean;
	/** A canceled subscription the gateway can bring back (Chargebee reactivates cancelled subscriptions). */
	reopenable?: boolean;
}

/** The gateway's payload in an item: the item itself, or its `body` (n8n's Webhook node), if one of the tests says so. */
export function payloadIn(json: Obj, ...tests: Array<(v: unknown) => boolean>): Obj | null {
	for (const candidate of [json, json.body]) {
		if (isObj(candidate) && tests.some((test) => test(candidate))) return candidate;
	}
	return null;
}
