import { createHash } from 'node:crypto';

import { parseBraintreeXml, type BraintreeObject, type BraintreeValue } from './xml';

/**
 * Braintree webhook notifications without the SDK.
 *
 * `parseNotificationPayload(bt_payload)` returns the same shape as braintree_node's
 * `gateway.webhookNotification.parse(signature, payload)` (3.x), as plain JSON-safe data:
 *
 * - every element of `<notification>` at the top level, camelCased: `kind`, `timestamp` (the ISO string from the
 *   XML; braintree_node does not turn it into a Date either), `subject`, `sourceMerchantId` when present, …;
 * - `subject`: the whole subject, exactly as the SDK converts it (see `xml.ts`: typed integers and booleans,
 *   `null` for `nil="true"`, arrays, dates/datetimes/decimals as strings, ids as strings);
 * - the entity the SDK lifts out of `subject` (or out of `subject.apiErrorResponse`) under the SDK's property
 *   name: `subscription`, `merchantAccount`, `disbursement`, `transaction`, `transactionReview`,
 *   `partnerMerchant`, `oauthAccessRevocation` (from `oauthApplicationRevocation`),
 *   `connectedMerchantStatusTransitioned`, `connectedMerchantPayPalStatusChanged`, `dispute`,
 *   `accountUpdaterDailyReport`, `grantedPaymentInstrumentUpdate`, `revokedPaymentMethodMetadata`,
 *   `localPaymentCompleted` (from `localPayment`), `localPaymentExpired`, `localPaymentFunded`,
 *   `localPaymentReversed`, `paymentMethodCustomerDataUpdatedMetadata`, `errors` + `message`; each under the same
 *   conditions (kind checks) as the SDK.
 *
 * Where the SDK wraps an entity in a class, this returns the data the class was built from, plus the few
 * values its constructor derives from that data:
 * - `dispute.transactionDetails` (a copy of `dispute.transaction`) and `dispute.protectionLevel`;
 * - `connectedMerchant*.merchantId` (= `merchantPublicId`);
 * - `revokedPaymentMethodMetadata` = `{ revokedPaymentMethod, customerId, token }` and
 *   `paymentMethodCustomerDataUpdatedMetadata.paymentMethod`, unwrapped from `creditCard` / `paypalAccount` /
 *   `venmoAccount` / … as the SDK's `PaymentMethodParser` does.
 * Not reproduced (they are conveniences of the SDK classes, not data from Braintree): the empty payment
 * instrument objects every SDK `Transaction` gets (`creditCard`, `paypalAccount`, `applePayCard`, …, with
 * `creditCard.maskedNumber` "undefined******undefined" when there is no card), `transaction.partiallyAuthorized`,
 * `CreditCard.maskedNumber` / `expirationDate`, `UsBankAccount.achMandate` / `verifications` defaults, the
 * `graphQLId` alias of `globalId`, `errors` as a `ValidationErrorsCollection` (kept as the raw `errors` data),
 * and the class methods.
 */

export interface BraintreeNotification extends BraintreeObject {
	kind: string;
	timestamp: string;
	subject: BraintreeObject;
}

export class NotificationParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'NotificationParseError';
	}
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** bt_payload (base64, possibly with newlines) → the XML text. */
export function decodePayload(payload: string): string {
	const compact = payload.replace(/\n/g, '');
	if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) {
		throw new NotificationParseError('bt_payload is not valid base64');
	}
	return Buffer.from(compact, 'base64').toString('utf8');
}

/** sha256 hex of bt_payload without its trailing newlines: a stable key to drop redelivered notifications. */
export function payloadHash(payload: string): string {
	return createHash('sha256').update(payload.replace(/\n+$/, ''), 'utf8').digest('hex');
}

function isObject(value: BraintreeValue): value is BraintreeObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies an object one level deep (a class instance built from it would carry the same own properties). */
function copy(value: BraintreeValue): BraintreeObject {
	return isObject(value) ? { ...value } : {};
}

/** braintree_node's `PaymentMethodParser.parsePaymentMethod`, as data. */
const PAYMENT_METHOD_KEYS = [
	'creditCard',
	'paypalAccount',
	'applePayCard',
	'androidPayCard',
	'paymentMethodNonce',
	'usBankAccount',
	'venmoAccount',
	'visaCheckoutCard',
	'samsungPayCard',
	'sepaDebitAccount',
];
function unwrapPaymentMethod(wrapper: BraintreeValue): BraintreeObject {
	if (!isObject(wrapper)) return {};
	for (const key of PAYMENT_METHOD_KEYS) {
		if (wrapper[key]) return copy(wrapper[key]);
	}
	const first = Object.keys(wrapper)[0];
	return first === undefined ? {} : copy(wrapper[first]);
}

const PROTECTION_LEVELS: Record<string, string> = {
	effortless: 'Effortless Chargeback Protection tool',
	standard: 'Chargeback Protection tool',
	not_protected: 'No Protection',
};

/** The entities braintree_node's `WebhookNotification` constructor lifts out of the subject. */
function liftEntities(notification: BraintreeObject, kind: string, subject: BraintreeObject): void {
	const wrapper = subject.apiErrorResponse != null && isObject(subject.apiErrorResponse) ? subject.apiErrorResponse : subject;
	const plain: Array<[string, string]> = [
		['subscription', 'subscription'],
		['merchantAccount', 'merchantAccount'],
		['disbursement', 'disbursement'],
		['transaction', 'transaction'],
		['transactionReview', 'transactionReview'],
		['partnerMerchant', 'partnerMerchant'],
		['oauthAccessRevocation', 'oauthApplicationRevocation'],
		['accountUpdaterDailyReport', 'accountUpdaterDailyReport'],
	];
	for (const [target, source] of plain) {
		if (wrapper[source] != null) notification[target] = copy(wrapper[source]);
	}
	for (const [target, source] of [
		['connectedMerchantStatusTransitioned', 'connectedMerchantStatusTransitioned'],
		['connectedMerchantPayPalStatusChanged', 'connectedMerchantPaypalStatusChanged'],
	]) {
		if (wrapper[source] != null) {
			const entity = copy(wrapper[source]);
			entity.merchantId = entity.merchantPublicId;
			notification[target] = entity;
		}
	}
	if (wrapper.dispute != null) {
		const dispute = copy(wrapper.dispute);
		dispute.transactionDetails = copy(dispute.transaction);
		dispute.protectionLevel =
			PROTECTION_LEVELS[String(dispute.chargebackProtectionLevel)] ?? PROTECTION_LEVELS.not_protected;
		notification.dispute = dispute;
	}
	if (
		wrapper.grantedPaymentInstrumentUpdate != null &&
		(kind === 'grantor_updated_granted_payment_method' || kind === 'recipient_updated_granted_payment_method')
	) {
		notification.grantedPaymentInstrumentUpdate = copy(wrapper.grantedPaymentInstrumentUpdate);
	}
	if (kind === 'granted_payment_method_revoked' || kind === 'payment_method_revoked_by_customer') {
		const revokedPaymentMethod = unwrapPaymentMethod(wrapper);
		notification.revokedPaymentMethodMetadata = {
			revokedPaymentMethod,
			customerId: revokedPaymentMethod.customerId,
			token: revokedPaymentMethod.token,
		};
	}
	const localPayments: Array<[string, string, string]> = [
		['localPaymentCompleted', 'localPayment', 'local_payment_completed'],
		['localPaymentExpired', 'localPaymentExpired', 'local_payment_expired'],
		['localPaymentFunded', 'localPaymentFunded', 'local_payment_funded'],
		['localPaymentReversed', 'localPaymentReversed', 'local_payment_reversed'],
	];
	for (const [target, source, forKind] of localPayments) {
		if (wrapper[source] != null && kind === forKind) notification[target] = copy(wrapper[source]);
	}
	if (wrapper.paymentMethodCustomerDataUpdatedMetadata != null && kind === 'payment_method_customer_data_updated') {
		const metadata = copy(wrapper.paymentMethodCustomerDataUpdatedMetadata);
		metadata.paymentMethod = unwrapPaymentMethod(metadata.paymentMethod);
		notification.paymentMethodCustomerDataUpdatedMetadata = metadata;
	}
	if (wrapper.errors != null) {
		notification.errors = wrapper.errors;
		notification.message = wrapper.message;
	}
}

/** Drops `undefined` values (the SDK leaves some, e.g. for an unknown attribute on an element with children). */
function withoutUndefined(value: BraintreeValue): BraintreeValue {
	if (Array.isArray(value)) return value.map(withoutUndefined);
	if (isObject(value)) {
		const result: BraintreeObject = {};
		for (const key of Object.keys(value)) {
			if (value[key] !== undefined) result[key] = withoutUndefined(value[key]);
		}
		return result;
	}
	return value;
}

/** The notification XML → the SDK's notification shape (see the module comment). */
export function parseNotificationXml(xml: string): BraintreeNotification {
	let document: BraintreeObject | undefined;
	let xmlError = '';
	try {
		document = parseBraintreeXml(xml);
	} catch (error) {
		xmlError = (error as Error).message;
	}
	if (document === undefined) throw new NotificationParseError(`bt_payload is not well-formed XML: ${xmlError}`);
	const attributes = document.notification;
	if (!isObject(attributes)) {
		throw new NotificationParseError('bt_payload is not a Braintree notification (no <notification> element)');
	}
	if (typeof attributes.kind !== 'string' || attributes.kind === '') {
		throw new NotificationParseError('The notification has no kind');
	}
	if (typeof attributes.timestamp !== 'string' || attributes.timestamp === '') {
		throw new NotificationParseError('The notification has no timestamp');
	}
	if (!isObject(attributes.subject)) {
		// The SDK cannot build a notification without a subject either.
		throw new NotificationParseError('The notification has no subject');
	}
	const notification = withoutUndefined({ ...attributes }) as BraintreeNotification;
	liftEntities(notification, notification.kind, notification.subject);
	return withoutUndefined(notification) as BraintreeNotification;
}

/** bt_payload → the SDK's notification shape. Does not check the signature: call `verifyBraintreeSignature` first. */
export function parseNotificationPayload(payload: string): BraintreeNotification {
	return parseNotificationXml(decodePayload(payload));
}

/** `parseNotificationPayload` that reports failure instead of throwing. */
export function tryParseNotificationPayload(
	payload: string,
): { ok: true; notification: BraintreeNotification } | { ok: false; message: string } {
	try {
		return { ok: true, notification: parseNotificationPayload(payload) };
	} catch (error) {
		return { ok: false, message: (error as Error).message };
	}
}

export type TimestampCheck = { ok: true; ageMs: number } | { ok: false; message: string };

/**
 * Rejects notifications whose `<timestamp>` is older than `maxAgeMs` (replays; Braintree retries for up to 24 h
 * in production) or more than `maxFutureMs` ahead of `now` (clock skew allowance).
 */
export function checkTimestamp(timestamp: string, now: number, maxAgeMs: number, maxFutureMs = 15 * 60 * 1000): TimestampCheck {
	const time = Date.parse(timestamp);
	if (!Number.isFinite(time)) return { ok: false, message: `The notification timestamp "${timestamp}" is not a date` };
	const ageMs = now - time;
	if (ageMs > maxAgeMs) {
		return { ok: false, message: `The notification is ${Math.round(ageMs / 3600000)} hours old, more than allowed` };
	}
	if (-ageMs > maxFutureMs) return { ok: false, message: 'The notification timestamp is in the future' };
	return { ok: true, ageMs };
}
