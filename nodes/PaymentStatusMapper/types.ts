/**
 * Types shared by the gateway parsers, the policy and the delivery store. Plain TypeScript, no n8n imports, so that
 * tests can call every module directly.
 */

/** A gateway's name as registered in `gateways/index.ts` (`stripe`, `braintree`, `custom`, …). */
export type Gateway = string;
/** `auto`, or a registered gateway's name. */
export type GatewayOption = string;

export type Action = 'activate' | 'suspend' | 'none';
export type DesiredState = 'live' | 'suspended' | null;
export type BillingStatus = 'active' | 'grace' | 'suspended' | 'ended' | 'pending' | 'ignored';

/** The output item of the Payment Status Mapper node (SPEC 3.2), exactly these fields. */
export interface DecisionItem {
	action: Action;
	desiredState: DesiredState;
	iccid: string | null;
	imei: string | null;
	gateway: Gateway | null;
	eventId: string | null;
	eventType: string | null;
	subscriptionId: string | null;
	customerId: string | null;
	billingStatus: BillingStatus;
	reason: string;
	paidThrough: string | null;
	occurredAt: string | null;
	livemode: boolean | null;
}

/** Which output the item leaves on. */
export type OutputName = 'activate' | 'suspend' | 'none';

/** A decision plus what the node needs internally (never part of the output item). */
export interface Decision {
	item: DecisionItem;
	output: OutputName;
	/** true when the delivery guard dropped the event (duplicate or stale). */
	dropped: boolean;
}

/**
 * What a gateway event or object means, independent of policy options.
 *  - active / trialing: paid or in good standing
 *  - past_due: a renewal failed and the gateway still retries (final: no more automatic retries)
 *  - action_required: a payment waits for the customer to authenticate (3-D Secure): never a suspend by itself
 *  - unpaid / paused: the gateway gave up / billing is paused: revoke
 *  - collection_paused: Stripe `pause_collection` set while the status stays active
 *  - canceled / expired: terminal
 *  - pending: not paid yet (first payment outstanding)
 *  - dispute_opened / dispute_won / dispute_lost: chargeback lifecycle
 *  - info: carries no billing decision
 */
export type Signal =
	| 'active'
	| 'trialing'
	| 'past_due'
	| 'action_required'
	| 'unpaid'
	| 'paused'
	| 'collection_paused'
	| 'canceled'
	| 'expired'
	| 'expired_unpaid'
	| 'pending'
	| 'dispute_opened'
	| 'dispute_won'
	| 'dispute_lost'
	| 'info';

/** A place where a device id may be found, in the order of preference. */
export interface DeviceIdSource {
	/** human readable location for messages, e.g. `data.object.metadata` */
	where: string;
	/** an object whose keys are looked up with `deviceIdKeys` (Stripe metadata) */
	metadata?: unknown;
	/** a raw value that is the device id itself (Braintree subscription id, custom field) */
	value?: unknown;
	/**
	 * for `value` sources: how to read it. `tagged`: an id that names the device only when it is `iccid-<digits>`,
	 * `imei-<digits>` or bare digits (a Braintree subscription id); anything else is not a device id (no error).
	 * `any`: the value must be a device id.
	 */
	valueKind?: 'tagged' | 'any';
}

export interface Interpretation {
	gateway: Gateway;
	eventId: string | null;
	eventType: string | null;
	subscriptionId: string | null;
	customerId: string | null;
	/** the dispute's id, for dispute events and objects: disputes are remembered and ordered per dispute */
	disputeId?: string | null;
	/** the object an id-only webhook names (Mollie's payment), for Confirm With Gateway to read */
	objectId?: string | null;
	/** object id used with the event type as a second dedupe key (Stripe sends two Event objects sometimes) */
	secondaryKey: string | null;
	signal: Signal;
	/**
	 * What the gateway said, in plain words for `reason` (see `reason.ts`): clauses about the subscription or payment,
	 * never the raw event name, which the output's `eventType` already shows
	 */
	detail: string;
	/** ms since epoch; when the event happened (event created / notification timestamp / object timestamps) */
	occurredAtMs: number | null;
	/** ms since epoch; how far the customer has paid */
	paidThroughMs: number | null;
	/** for failure signals: the start of the period that failed (a payment covering it makes the failure stale) */
	failedPeriodStartMs: number | null;
	livemode: boolean | null;
	/** candidate device id sources in order */
	deviceSources: DeviceIdSource[];
	/**
	 * A missing device id is expected for this kind of object (e.g. a PaymentIntent that pays a subscription
	 * invoice): a missing id gives `No Action` instead of an error.
	 */
	deviceIdOptional?: boolean;
	/**
	 * The gateway's payload never carries the device id here (a Stripe dispute names only its charge): a missing id
	 * gives `No Action` with these words on how to reach the device, never an error.
	 */
	deviceNotInPayload?: string;
	/** the object was a bare object (not an event): it is the gateway's current truth when it was read */
	bareObject: boolean;
	/**
	 * This end is not final: the gateway can reactivate the subscription (Chargebee's `cancelled`, left by
	 * `subscription_reactivated`). The stale guard then orders its events by time only, and a later payment counts.
	 */
	reopenable?: boolean;
}

export type PastDuePolicy = 'grace' | 'suspend';
export type OnMissingDeviceId = 'error' | 'ignore';

/** Node options (SPEC 3.2). */
export interface MapperOptions {
	gateway: GatewayOption;
	pastDuePolicy: PastDuePolicy;
	graceDays: number;
	trialingIsActive: boolean;
	suspendOnDispute: boolean;
	honourPaidPeriodOnCancel: boolean;
	pauseCollectionSuspends: boolean;
	/** comma-separated metadata keys, in order */
	deviceIdKeys: string;
	onMissingDeviceId: OnMissingDeviceId;
	dedupe: boolean;
	staleGuard: boolean;
	/** dot path to a device id (Braintree fallback, custom gateway, or an id added by an earlier node) */
	deviceIdField: string;
	/** custom gateway */
	statusField: string;
	activeValues: string;
	suspendValues: string;
	eventIdField: string;
	/** read the subscription's current state from the gateway and decide from that */
	confirmWithGateway: boolean;
	/** the gateway's API base URL (a proxy or a stand-in); empty: the gateway's own */
	gatewayBaseUrl: string;
}

export const DEFAULT_OPTIONS: MapperOptions = {
	gateway: 'auto',
	pastDuePolicy: 'grace',
	graceDays: 7,
	trialingIsActive: true,
	suspendOnDispute: true,
	honourPaidPeriodOnCancel: false,
	pauseCollectionSuspends: false,
	deviceIdKeys: 'iccid,imei',
	onMissingDeviceId: 'error',
	dedupe: true,
	staleGuard: true,
	deviceIdField: '',
	statusField: 'status',
	activeValues: 'active,paid',
	suspendValues: 'canceled,cancelled,unpaid,suspended,expired',
	eventIdField: '',
	confirmWithGateway: false,
	gatewayBaseUrl: '',
};

/** An error that belongs to one input item: the node turns it into a NodeOperationError with the item index. */
export class ItemError extends Error {
	constructor(
		message: string,
		readonly field: string | null = null,
	) {
		super(message);
		this.name = 'ItemError';
	}
}

/** The Stripe-style metadata keys that hold a device id, in order (`deviceIdKeys`, default `iccid,imei`). */
export function deviceIdKeys(options: MapperOptions): string[] {
	const keys = options.deviceIdKeys
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
	return keys.length > 0 ? keys : ['iccid', 'imei'];
}
