/**
 * What the recogniser knows about the 1oT Terminal's push notifications and alerts.
 *
 * The Terminal's workflow-automation push schema is not public, so nothing here is a contract: these are the
 * names and words a payload is likely to use. Extend the tables when a real payload shows another spelling;
 * the code in `normalise.ts` reads only these tables.
 *
 * Field names are compared after folding: lower case, without `_`, `-`, spaces and dots inside a name, so
 * `simIccid`, `sim_iccid` and `SIM-ICCID` are one entry. A name with a dot (`sim.iccid`) is a path.
 */

export type TerminalEventKind = 'dataUsage' | 'countryChange' | 'imeiChange' | 'statusChange' | 'balance' | 'other';

export const EVENT_KINDS: readonly TerminalEventKind[] = [
	'dataUsage',
	'countryChange',
	'imeiChange',
	'statusChange',
	'balance',
	'other',
];

/** Where a field may sit: the top level first, then inside these wrapper objects. */
export const WRAPPERS: readonly string[] = ['', 'data', 'payload', 'event', 'alert', 'notification', 'details', 'body'];

/** Field names, in order of preference, for each value pulled out of a payload. */
export const FIELDS = {
	iccid: ['iccid', 'sim.iccid', 'simIccid', 'device.iccid', 'sim', 'simId'],
	imei: ['imei', 'device.imei', 'sim.imei', 'deviceImei', 'newImei', 'currentImei', 'imeisv'],
	country: [
		'country',
		'countryCode',
		'currentCountry',
		'newCountry',
		'lastCountry',
		'alpha3',
		'alpha2',
		'countryIso',
		'location.country',
		'network.country',
		'sim.country',
		'diagnostics.lastCountry',
	],
	timestamp: [
		'timestamp',
		'time',
		'eventTime',
		'occurredAt',
		'createdAt',
		'created',
		'date',
		'datetime',
		'triggeredAt',
		'sentAt',
	],
	/** The free text that says what happened; every one found is tried, in this order, until one classifies. */
	trigger: [
		'trigger',
		'triggerName',
		'triggerType',
		'event',
		'eventType',
		'eventName',
		'type',
		'alertType',
		'alert',
		'rule',
		'ruleName',
		'workflow',
		'workflowName',
		'title',
		'subject',
		'message',
		'description',
		'text',
		'reason',
	],
} as const;

/**
 * Trigger words, per event kind, in the order they are tried (the first kind with a matching word wins). A word
 * matches whole words of the folded text (lower case, camelCase and `_`/`-` split into words): "IMEI_CHANGED",
 * "imeiChanged" and "IMEI changed" all read "imei changed". Put the more specific kinds first: "SIM suspended
 * after an IMEI change" is an IMEI change; "balance below threshold" is about the balance, not data.
 */
export const TRIGGER_WORDS: ReadonlyArray<{ event: Exclude<TerminalEventKind, 'other'>; words: readonly string[] }> = [
	{ event: 'imeiChange', words: ['imei', 'imeisv', 'device change', 'device changed', 'device swap', 'sim swap'] },
	{
		event: 'countryChange',
		words: ['country', 'countries', 'roaming', 'outside', 'abroad', 'deployment', 'location change', 'border'],
	},
	{ event: 'balance', words: ['balance', 'prepaid', 'top up', 'topup', 'credit', 'funds'] },
	{
		event: 'dataUsage',
		words: [
			'data usage',
			'data used',
			'data limit',
			'data cap',
			'usage',
			'exceeded',
			'overuse',
			'quota',
			'threshold',
			'kb',
			'mb',
			'gb',
			'bytes',
		],
	},
	{
		event: 'statusChange',
		words: [
			'status',
			'state change',
			'state changed',
			'suspended',
			'suspend',
			'activated',
			'deactivated',
			'resumed',
			'closed',
			'offline',
			'online',
			'live',
		],
	},
];
