/** Device ids: strings of digits, exact; where they are read; missing and malformed ids. */
const S = require('./fixtures/stripe');
const { decider } = require('./helpers');

const one = (json, opts) => decider(opts)(json).item;

describe('ICCID and IMEI', () => {
	test('ICCIDs of 19 and 20 digits are kept exact, as strings', () => {
		for (const iccid of [S.ICCID19, S.ICCID, '89882390000000000018']) {
			const d = one(S.event('invoice.paid', S.invoice({ metadata: { iccid } })));
			expect(d.iccid).toBe(iccid);
			expect(typeof d.iccid).toBe('string');
		}
		expect(BigInt(S.ICCID)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
	});

	test('IMEI only in metadata', () => {
		const d = one(S.event('customer.subscription.updated', S.subscription({ metadata: { imei: S.IMEI } })));
		expect(d).toMatchObject({ action: 'activate', iccid: null, imei: S.IMEI });
	});

	test('a JavaScript number is refused with a clear message', () => {
		// eslint-disable-next-line no-loss-of-precision -- the point: as a number, a 20-digit ICCID has already lost digits
		const json = S.event('invoice.paid', S.invoice({ metadata: { iccid: 89490200001234567890 } }));
		expect(() => one(json)).toThrow(/is a number .*exceeds 2\^53/);
		expect(() => one(S.event('invoice.paid', S.invoice({ metadata: { imei: 356938035643809 } })))).toThrow(/data\.object\.parent\.subscription_details\.metadata\.imei" is a number/);
	});

	test('malformed values name the field', () => {
		expect(() => one(S.subscription({ metadata: { iccid: '8949-0200' } }))).toThrow(/at "subscription\.metadata\.iccid" is not a valid ICCID/);
		expect(() => one(S.subscription({ metadata: { imei: '12345' } }))).toThrow(/not a valid IMEI/);
		expect(() => one(S.subscription({ metadata: { iccid: { x: 1 } } }))).toThrow(/must be a string of digits, got an object/);
		// spaces are tolerated
		expect(one(S.subscription({ metadata: { iccid: '8949 0200 0012 3456 7890' } })).iccid).toBe(S.ICCID);
	});

	test('missing device id: error (default) names the places looked at; ignore → No Action, ignored', () => {
		const evt = S.event('customer.subscription.updated', S.subscription({ metadata: {} }));
		expect(() => one(evt)).toThrow(/no device id found: looked at metadata keys iccid, imei in data\.object\.metadata/);
		const d = one(evt, { onMissingDeviceId: 'ignore' });
		expect(d).toMatchObject({ action: 'none', desiredState: null, billingStatus: 'ignored', iccid: null, imei: null });
		expect(d.reason).toMatch(/No device id found \(looked at metadata keys iccid, imei in data\.object\.metadata\)\. Ignored \("On Missing Device ID" is ignore\)/);
		expect(d.reason).toMatch(/Otherwise the decision would have been: activate the SIM\.$/);
		const bad = one(S.subscription({ metadata: { iccid: '123' } }), { onMissingDeviceId: 'ignore' });
		expect(bad).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		expect(bad.reason).toMatch(/not valid/);
	});

	test('no device id is fine when nothing is to be done', () => {
		expect(one(S.event('customer.subscription.trial_will_end', S.subscription({ status: 'trialing', metadata: {} })))).toMatchObject({ action: 'none', iccid: null });
	});
});

describe('where the id is read (in order)', () => {
	test('invoice: parent.subscription_details.metadata first, then lines', () => {
		const inv = S.invoice({ metadata: { iccid: S.ICCID }, lineMetadata: { iccid: S.ICCID19 } });
		expect(one(S.event('invoice.paid', inv)).iccid).toBe(S.ICCID);
		const snapshotless = S.invoice({ metadata: {}, lineMetadata: { iccid: S.ICCID19 } });
		expect(one(S.event('invoice.paid', snapshotless)).iccid).toBe(S.ICCID19);
	});

	test('legacy invoice: subscription_details.metadata', () => {
		const inv = S.invoice({ legacy: true, metadata: { imei: S.IMEI }, lineMetadata: {} });
		expect(one(S.event('invoice.paid', inv))).toMatchObject({ imei: S.IMEI, iccid: null, subscriptionId: 'sub_1SIMsub000000000000001' });
	});

	test('keys in the order of deviceIdKeys, both ids taken from the same place', () => {
		const sub = S.subscription({ metadata: { device_imei: S.IMEI, device_iccid: S.ICCID } });
		expect(one(sub, { deviceIdKeys: 'device_iccid, device_imei' })).toMatchObject({ iccid: S.ICCID, imei: S.IMEI });
	});

	test('Checkout Session and PaymentIntent metadata', () => {
		expect(one(S.event('checkout.session.completed', S.checkoutSession({ metadata: { imei: S.IMEI } }))).imei).toBe(S.IMEI);
		expect(one(S.event('payment_intent.succeeded', S.paymentIntent({ metadata: { iccid: S.ICCID19 } }))).iccid).toBe(S.ICCID19);
	});

	test('Device ID Field: an id an earlier node added to the item', () => {
		const item = { ...S.event('charge.dispute.created', S.dispute({ metadata: {} })), sim: { iccid: S.ICCID } };
		// a real Stripe dispute names no device: No Action saying how to reach it, never an execution error
		const none = one(item);
		expect(none).toMatchObject({ action: 'none', billingStatus: 'ignored', iccid: null });
		expect(none.reason).toMatch(/names only its charge.*"Confirm With Gateway"/);
		expect(one(item, { deviceIdField: 'sim.iccid' })).toMatchObject({ action: 'suspend', iccid: S.ICCID });
		expect(one(item, { deviceIdField: 'sim' })).toMatchObject({ iccid: S.ICCID });
	});
});
