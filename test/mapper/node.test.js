/** The node: description, execute() with a minimal context, outputs, errors, Continue On Fail, static data. */
const S = require('./fixtures/stripe');
const { PaymentStatusMapper, run } = require('./helpers');
const { NodeOperationError } = require('n8n-workflow');

describe('description', () => {
	const d = new PaymentStatusMapper().description;

	test('name, outputs, tool, icons', () => {
		expect(d).toMatchObject({ name: 'paymentStatusMapper', displayName: 'Payment Status Mapper', usableAsTool: true, outputNames: ['Activate', 'Suspend', 'No Action'] });
		expect(d.outputs).toEqual(['main', 'main', 'main']);
		expect(d.inputs).toEqual(['main']);
		expect(d.icon).toEqual({ light: 'file:mapper.svg', dark: 'file:mapper.dark.svg' });
		expect(d.credentials).toBeUndefined();
	});

	test('parameters and options with SPEC names and defaults, options sorted', () => {
		const gateway = d.properties.find((p) => p.name === 'gateway');
		expect(gateway.default).toBe('auto');
		expect(gateway.options.map((o) => o.value).sort()).toEqual(['auto', 'braintree', 'custom', 'stripe']);
		for (const n of ['statusField', 'activeValues', 'suspendValues', 'deviceIdField', 'eventIdField']) {
			expect(d.properties.find((p) => p.name === n).displayOptions).toEqual({ show: { gateway: ['custom'] } });
		}
		const options = d.properties.find((p) => p.name === 'options').options;
		const defaults = Object.fromEntries(options.map((o) => [o.name, o.default]));
		expect(defaults).toEqual({
			dedupe: true,
			deviceIdField: '',
			deviceIdKeys: 'iccid,imei',
			graceDays: 7,
			honourPaidPeriodOnCancel: false,
			onMissingDeviceId: 'error',
			pastDuePolicy: 'grace',
			pauseCollectionSuspends: false,
			staleGuard: true,
			suspendOnDispute: true,
			trialingIsActive: true,
		});
		const names = options.map((o) => o.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		const notice = d.properties.find((p) => p.type === 'notice');
		expect(notice.displayName).toMatch(/static data/);
		expect(notice.displayName).toMatch(/queue mode/);
	});

	test('codex: valid category, no Logic/Flow', () => {
		const codex = require('../../dist/nodes/PaymentStatusMapper/PaymentStatusMapper.node.json');
		expect(codex.node).toBe('n8n-nodes-1ot.paymentStatusMapper');
		for (const c of codex.categories) expect(['Finance & Accounting', 'Utility']).toContain(c);
	});
});

describe('execute()', () => {
	test('routes items to Activate, Suspend, No Action in order, pairedItem kept', async () => {
		const items = [
			S.event('invoice.paid', S.invoice()),
			S.event('customer.subscription.deleted', S.subscription({ id: 'sub_x', status: 'canceled' })),
			S.event('customer.subscription.trial_will_end', S.subscription({ id: 'sub_y', status: 'trialing' })),
			S.webhookNodeItem(S.signedDelivery(S.event('customer.subscription.updated', S.subscription({ id: 'sub_z', status: 'unpaid' })))),
		];
		const { out } = await run(items, {});
		expect(out).toHaveLength(3);
		expect(out[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(out[1].map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(out[2].map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(out[0][0].json).toMatchObject({ action: 'activate', desiredState: 'live', iccid: S.ICCID });
		expect(out[1][1].json).toMatchObject({ action: 'suspend', desiredState: 'suspended' });
	});

	test('options are read from the options collection; custom parameters at the top', async () => {
		const pastDue = S.event('customer.subscription.updated', S.subscription({ status: 'past_due' }));
		expect((await run([pastDue], { options: { pastDuePolicy: 'suspend' } })).out[1]).toHaveLength(1);
		const { out } = await run([{ st: 'ok', iccid: S.ICCID }], { gateway: 'custom', statusField: 'st', activeValues: 'ok', deviceIdField: 'iccid' });
		expect(out[0][0].json).toMatchObject({ gateway: 'custom', iccid: S.ICCID });
	});

	test('dedupe uses the workflow static data across executions', async () => {
		const staticData = {};
		const evt = S.event('invoice.paid', S.invoice());
		expect((await run([evt], {}, { staticData })).out[0]).toHaveLength(1);
		const second = await run([evt], {}, { staticData });
		expect(second.out[0]).toHaveLength(0);
		expect(second.out[2][0].json.reason).toMatch(/duplicate/);
		// both guards off: static data is not even read
		const ctxData = {};
		await run([evt], { options: { dedupe: false, staleGuard: false } }, { staticData: ctxData });
		expect(ctxData).toEqual({});
	});

	test('a missing device id is a NodeOperationError with itemIndex, naming the item and the field', async () => {
		const items = [S.event('invoice.paid', S.invoice()), S.event('invoice.paid', S.invoice({ metadata: {}, lineMetadata: {} }))];
		const err = await run(items, {}).catch((e) => e);
		expect(err).toBeInstanceOf(NodeOperationError);
		expect(err.message).toMatch(/^Item 1: no device id found: looked at metadata keys iccid, imei in data\.object\.parent\.subscription_details\.metadata/);
		expect(err.context.itemIndex).toBe(1);
	});

	test('an unrecognisable item is an error naming the item', async () => {
		const err = await run([{ hello: 'world' }], {}).catch((e) => e);
		expect(err).toBeInstanceOf(NodeOperationError);
		expect(err.message).toMatch(/^Item 0: not a recognised payment event/);
		const forced = await run([S.event('invoice.paid', S.invoice())], { gateway: 'braintree' }).catch((e) => e);
		expect(forced.message).toMatch(/not a Braintree notification/);
	});

	test('Continue On Fail: the error item goes to No Action with pairedItem, the rest go on', async () => {
		const items = [{ hello: 'world' }, S.event('invoice.paid', S.invoice()), S.event('invoice.paid', S.invoice({ metadata: { iccid: 1 }, lineMetadata: {} }))];
		const { out } = await run(items, {}, { continueOnFail: true });
		expect(out[0].map((i) => i.pairedItem.item)).toEqual([1]);
		expect(out[2]).toHaveLength(2);
		expect(out[2][0]).toEqual({ json: { error: expect.stringMatching(/^Item 0: /) }, pairedItem: { item: 0 } });
		expect(out[2][1].json.error).toMatch(/^Item 2: .*is a number/);
	});

	test('onMissingDeviceId = ignore → No Action, ignored', async () => {
		const { out } = await run([S.event('invoice.paid', S.invoice({ metadata: {}, lineMetadata: {} }))], { options: { onMissingDeviceId: 'ignore' } });
		expect(out[2][0].json).toMatchObject({ action: 'none', billingStatus: 'ignored' });
	});
});
