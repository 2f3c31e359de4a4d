/** Braintree: notifications built and parsed by the braintree SDK (what the Braintree Trigger emits). */
const B = require('./fixtures/braintree');
const { decider } = require('./helpers');

const ID = 'iccid-8988303000000000001';
const ICCID = '8988303000000000001';
const one = (json, opts) => decider(opts)(json).item;

describe('subscription kinds (SDK sample notifications)', () => {
	const expected = {
		subscription_went_active: ['activate', 'active'],
		subscription_charged_successfully: ['activate', 'active'],
		subscription_billing_skipped: ['activate', 'active'],
		subscription_charged_unsuccessfully: ['activate', 'grace'],
		subscription_went_past_due: ['activate', 'grace'],
		subscription_canceled: ['suspend', 'ended'],
		subscription_expired: ['suspend', 'ended'],
		subscription_trial_ended: ['none', 'ignored'],
	};
	test.each(B.SUBSCRIPTION_KINDS)('%s', async (kind) => {
		const n = await B.notification(kind, ID);
		const d = one(n);
		expect([d.action, d.billingStatus]).toEqual(expected[kind]);
		expect(d).toMatchObject({ gateway: 'braintree', eventType: kind, subscriptionId: ID, iccid: ICCID, occurredAt: n.timestamp.replace('Z', '.000Z') });
		expect(d.eventId).toMatch(/^bt_[0-9a-f]{40}$/);
	});
});

describe('dispute kinds', () => {
	const expected = {
		dispute_opened: 'suspend',
		dispute_under_review: 'suspend',
		dispute_disputed: 'suspend',
		dispute_won: 'none', // no record of a dispute suspension in a fresh store
		// a lost dispute holds the SIM (delivered before its opening, it must still suspend)
		dispute_lost: 'suspend',
		dispute_accepted: 'suspend',
		dispute_auto_accepted: 'suspend',
		dispute_expired: 'suspend',
	};
	test.each(B.DISPUTE_KINDS)('%s (device id via Device ID Field)', async (kind) => {
		const n = { ...(await B.notification(kind, 'dp_1')), device: { iccid: ICCID } };
		expect(one(n, { deviceIdField: 'device.iccid' }).action).toBe(expected[kind]);
	});

	test('opened then won → activate again; suspendOnDispute off → no action; no device id → error or ignore', async () => {
		const decide = decider({ deviceIdField: 'device.iccid' });
		const opened = { ...(await B.notification('dispute_opened', 'dp_2', { timestamp: '2026-11-02T10:00:00Z' })), device: { iccid: ICCID } };
		const won = { ...(await B.notification('dispute_won', 'dp_2', { timestamp: '2026-11-20T10:00:00Z' })), device: { iccid: ICCID } };
		expect(decide(opened).output).toBe('suspend');
		expect(decide(won).output).toBe('activate');
		expect(one(opened, { deviceIdField: 'device.iccid', suspendOnDispute: false }).action).toBe('none');
		const bare = await B.notification('dispute_opened', 'dp_3');
		expect(() => one(bare)).toThrow(/no device id found: looked at the subscription id/);
		expect(one(bare, { onMissingDeviceId: 'ignore' })).toMatchObject({ action: 'none', billingStatus: 'ignored' });
	});
});

describe('status, paid-through and policy', () => {
	test('past due: grace until paidThroughDate + graceDays, then suspend', async () => {
		const n = await B.notification('subscription_went_past_due', ID, { subscription: { status: 'Past Due', paidThroughDate: '2026-11-01', daysPastDue: 2 } });
		const d = one(n);
		expect(d).toMatchObject({ action: 'activate', billingStatus: 'grace', paidThrough: '2026-11-02T00:00:00.000Z' });
		expect(one(n, { graceDays: 1 }).action).toBe('suspend');
		expect(one(n, { pastDuePolicy: 'suspend' }).action).toBe('suspend');
	});

	test('canceled with honourPaidPeriodOnCancel: no action until paidThroughDate', async () => {
		const n = await B.notification('subscription_canceled', ID, { subscription: { status: 'Canceled', paidThroughDate: '2026-11-30' } });
		expect(one(n).action).toBe('suspend');
		const d = one(n, { honourPaidPeriodOnCancel: true });
		expect(d).toMatchObject({ action: 'none', billingStatus: 'ended', paidThrough: '2026-12-01T00:00:00.000Z' });
		expect(d.reason).toMatch(/The paid period runs until 1 Dec 2026 \("Honour Paid Period On Cancel" is on\)/);
		// one date, said once: not also "paid through 30 Nov" beside it
		expect(d.reason).not.toMatch(/30 Nov/);
	});

	test('subscription ids: iccid-<digits>, <digits>, imei-<digits>, with a suffix; else the Device ID Field', async () => {
		expect(one(await B.notification('subscription_went_active', '89883030000000000018')).iccid).toBe('89883030000000000018');
		expect(one(await B.notification('subscription_went_active', 'imei-356938035643809')).imei).toBe('356938035643809');
		expect(one(await B.notification('subscription_went_active', 'iccid-8988303000000000001-2')).iccid).toBe(ICCID);
		const other = await B.notification('subscription_went_active', 'bike-42');
		expect(() => one(other)).toThrow(/no device id/);
		expect(one({ ...other, sim: ICCID }, { deviceIdField: 'sim' }).iccid).toBe(ICCID);
	});

	test('a bare Braintree subscription object (reconcile)', () => {
		expect(one(B.subscriptionObject())).toMatchObject({ action: 'activate', eventId: null, eventType: 'subscription', paidThrough: '2026-12-02T00:00:00.000Z' });
		expect(one(B.subscriptionObject({ status: 'Past Due', paidThroughDate: '2026-10-01' })).action).toBe('suspend'); // grace over
		expect(one(B.subscriptionObject({ status: 'Pending' }))).toMatchObject({ action: 'none', billingStatus: 'pending' });
		expect(one(B.subscriptionObject({ status: 'Expired' }))).toMatchObject({ action: 'suspend', billingStatus: 'ended' });
		expect(one(B.subscriptionObject({ trialPeriod: true, currentBillingCycle: 0 }), { trialingIsActive: false }).action).toBe('none');
	});

	test('check → no action; a raw bt_payload gets a clear error', async () => {
		expect(one(await B.notification('check', 'x'))).toMatchObject({ action: 'none', billingStatus: 'ignored' });
		const sample = B.gateway.webhookTesting.sampleNotification('subscription_went_active', ID);
		expect(() => one({ body: sample })).toThrow(/use the Braintree Trigger/);
	});
});

describe('delivery', () => {
	test('the same notification twice → duplicate (hash, key order does not matter)', async () => {
		const decide = decider();
		const n = await B.notification('subscription_charged_successfully', ID);
		expect(decide(n).output).toBe('activate');
		const reordered = Object.fromEntries(Object.entries(n).reverse());
		const d = decide(reordered);
		expect(d.dropped).toBe(true);
		expect(d.item.reason).toMatch(/^Duplicate delivery: /);
	});

	test('canceled is never left; an older notification does not undo a newer one', async () => {
		const decide = decider();
		expect(decide(await B.notification('subscription_canceled', ID, { timestamp: '2026-11-10T00:00:00Z' })).output).toBe('suspend');
		expect(decide(await B.notification('subscription_went_active', ID, { timestamp: '2026-11-11T00:00:00Z' })).output).toBe('none');

		const d2 = decider();
		expect(d2(await B.notification('subscription_charged_successfully', ID, { timestamp: '2026-11-10T00:00:00Z' })).output).toBe('activate');
		const old = d2(await B.notification('subscription_went_past_due', ID, { timestamp: '2026-11-05T00:00:00Z', subscription: { status: 'Past Due' } }));
		expect(old).toMatchObject({ output: 'none', dropped: true });
	});
});
