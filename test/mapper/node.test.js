/** The node: description; through n8n's engine: outputs, errors, Continue On Fail, static data. */
const S = require('./fixtures/stripe');
const { PaymentStatusMapper } = require('./helpers');
const { runWorkflow, manualWorkflow } = require('../helpers/engine');

const MAPPER = 'Payment Status Mapper';

describe('description', () => {
	const d = new PaymentStatusMapper().description;

	test('name, outputs, tool, icons', () => {
		expect(d).toMatchObject({ name: 'paymentStatusMapper', displayName: 'Payment Status Mapper', usableAsTool: true, outputNames: ['Activate', 'Suspend', 'No Action'] });
		expect(d.outputs).toEqual(['main', 'main', 'main']);
		expect(d.inputs).toEqual(['main']);
		expect(d.icon).toEqual({ light: 'file:mapper.svg', dark: 'file:mapper.dark.svg' });
		// credentials only for Confirm With Gateway, each shown for its gateway
		expect(d.credentials).toEqual([
			{ name: 'stripeReadApi', required: true, displayOptions: { show: { confirmWithGateway: [true], gateway: ['stripe', 'auto'] } } },
			{ name: 'braintreeApi', required: true, displayOptions: { show: { confirmWithGateway: [true], gateway: ['braintree'] } } },
			{ name: 'mollieApi', required: true, displayOptions: { show: { confirmWithGateway: [true], gateway: ['mollie'] } } },
		]);
	});

	test('parameters and options with SPEC names and defaults, options sorted', () => {
		const gateway = d.properties.find((p) => p.name === 'gateway');
		expect(gateway.default).toBe('auto');
		expect(gateway.options.map((o) => o.value).sort()).toEqual(['auto', 'braintree', 'chargebee', 'custom', 'gocardless', 'mollie', 'paddle', 'paypal', 'stripe']);
		for (const n of ['statusField', 'activeValues', 'suspendValues', 'deviceIdField', 'eventIdField']) {
			expect(d.properties.find((p) => p.name === n).displayOptions).toEqual({ show: { gateway: ['custom'] } });
		}
		expect(d.properties.find((p) => p.name === 'confirmWithGateway')).toMatchObject({ type: 'boolean', default: false });
		const options = d.properties.find((p) => p.name === 'options').options;
		const defaults = Object.fromEntries(options.map((o) => [o.name, o.default]));
		expect(defaults).toEqual({
			dedupe: true,
			deviceIdField: '',
			gatewayBaseUrl: '',
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
		// the notice says where the device id comes from; what the stores promise with workers is in the README
		const notice = d.properties.find((p) => p.type === 'notice');
		expect(notice.displayName).toMatch(/Device ID Keys/);
	});

	test('codex: valid category, no Logic/Flow', () => {
		const codex = require('../../dist/nodes/PaymentStatusMapper/PaymentStatusMapper.node.json');
		expect(codex.node).toBe('n8n-nodes-1ot.paymentStatusMapper');
		for (const c of codex.categories) expect(['Finance & Accounting', 'Utility']).toContain(c);
	});
});

/**
 * The node in n8n's engine (n8n-core's WorkflowExecute): Manual Trigger with the items pinned → Payment Status
 * Mapper. Outputs, pairedItem, errors, Continue On Fail and static data are what n8n itself makes of the node's
 * answer, not what a hand-made execute() context would.
 */
async function mapper(items, parameters, { continueOnFail = false, staticData } = {}) {
	const workflow = manualWorkflow(
		[{ name: MAPPER, type: 'paymentStatusMapper', parameters, ...(continueOnFail ? { continueOnFail, onError: 'continueRegularOutput' } : {}) }],
		{ pinItems: items },
	);
	const result = await runWorkflow(workflow, { staticData });
	/** The node's outputs as n8n recorded them: [Activate, Suspend, No Action], each a list of items. */
	result.outputs = () => result.runData[MAPPER][0].data.main.map((items) => items ?? []);
	return result;
}

describe('execute() in the engine', () => {
	test('routes items to Activate, Suspend, No Action in order, pairedItem kept', async () => {
		const items = [
			S.event('invoice.paid', S.invoice()),
			// other devices: on the first item's device, its paid subscription would keep the SIM live
			S.event('customer.subscription.deleted', S.subscription({ id: 'sub_x', status: 'canceled', metadata: { iccid: S.ICCID19 } })),
			S.event('customer.subscription.trial_will_end', S.subscription({ id: 'sub_y', status: 'trialing' })),
			S.webhookNodeItem(S.signedDelivery(S.event('customer.subscription.updated', S.subscription({ id: 'sub_z', status: 'unpaid', metadata: { imei: S.IMEI } })))),
		];
		const result = await mapper(items, {});
		expect(result.status).toBe('success');
		const out = result.outputs();
		expect(out).toHaveLength(3);
		expect(out[0].map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(out[1].map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(out[2].map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(out[0][0].json).toMatchObject({ action: 'activate', desiredState: 'live', iccid: S.ICCID });
		expect(out[1][1].json).toMatchObject({ action: 'suspend', desiredState: 'suspended' });
	});

	test('output fields in reading order (what, why, which device), device ids only when known', async () => {
		const items = [
			S.event('customer.subscription.updated', S.subscription({ id: 'sub_iccid', metadata: { iccid: S.ICCID } })),
			S.event('customer.subscription.updated', S.subscription({ id: 'sub_imei', metadata: { imei: S.IMEI } })),
			S.event('customer.subscription.trial_will_end', S.subscription({ id: 'sub_none', status: 'trialing', metadata: {} })),
		];
		const out = (await mapper(items, {})).outputs();
		const byIccid = out[0].find((i) => i.json.iccid === S.ICCID).json;
		const byImei = out[0].find((i) => i.json.imei === S.IMEI).json;
		const none = out[2][0].json;
		const rest = ['billingStatus', 'gateway', 'eventType', 'subscriptionId', 'customerId', 'eventId', 'paidThrough', 'occurredAt', 'livemode'];
		expect(Object.keys(byIccid)).toEqual(['action', 'desiredState', 'reason', 'iccid', ...rest]);
		expect(Object.keys(byImei)).toEqual(['action', 'desiredState', 'reason', 'imei', ...rest]);
		expect(Object.keys(none)).toEqual(['action', 'desiredState', 'reason', ...rest]);
		expect(none).toMatchObject({ action: 'none', desiredState: null, billingStatus: 'ignored' });
	});

	test('options are read from the options collection; custom parameters at the top', async () => {
		const pastDue = S.event('customer.subscription.updated', S.subscription({ status: 'past_due' }));
		expect((await mapper([pastDue], { options: { pastDuePolicy: 'suspend' } })).outputs()[1]).toHaveLength(1);
		const custom = await mapper([{ st: 'ok', iccid: S.ICCID }], { gateway: 'custom', statusField: 'st', activeValues: 'ok', deviceIdField: 'iccid' });
		expect(custom.output(MAPPER, 0)[0]).toMatchObject({ gateway: 'custom', iccid: S.ICCID });
	});

	test('dedupe uses the workflow static data across executions', async () => {
		const evt = S.event('invoice.paid', S.invoice());
		const first = await mapper([evt], {}, { staticData: {} });
		expect(first.output(MAPPER, 0)).toHaveLength(1);
		const second = await mapper([evt], {}, { staticData: first.staticData });
		expect(second.output(MAPPER, 0)).toHaveLength(0);
		expect(second.output(MAPPER, 2)[0].reason).toMatch(/^Duplicate delivery: /);
		// both guards off: nothing is written to static data
		const off = await mapper([evt], { options: { dedupe: false, staleGuard: false } }, { staticData: {} });
		expect(off.output(MAPPER, 0)).toHaveLength(1);
		expect(off.staticData).toEqual({});
	});

	test('a missing device id is a NodeOperationError with itemIndex, naming the item and the field', async () => {
		const items = [S.event('invoice.paid', S.invoice()), S.event('invoice.paid', S.invoice({ metadata: {}, lineMetadata: {} }))];
		const result = await mapper(items, {});
		expect(result.status).toBe('error');
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.node.name).toBe(MAPPER);
		expect(result.error.message).toMatch(/^Item 1: no device id found: looked at metadata keys iccid, imei in data\.object\.parent\.subscription_details\.metadata/);
		expect(result.error.context.itemIndex).toBe(1);
		expect(result.output(MAPPER, 0)).toEqual([]); // the node failed as a whole: item 0 did not go on
	});

	test('an unrecognisable item is an error naming the item', async () => {
		const result = await mapper([{ hello: 'world' }], {});
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toMatch(/^Item 0: not a recognised payment event/);
		const forced = await mapper([S.event('invoice.paid', S.invoice())], { gateway: 'braintree' });
		expect(forced.error.message).toMatch(/not a Braintree notification/);
	});

	test('Continue On Fail: the error item goes to No Action with pairedItem, the rest go on', async () => {
		const items = [{ hello: 'world' }, S.event('invoice.paid', S.invoice()), S.event('invoice.paid', S.invoice({ metadata: { iccid: 1 }, lineMetadata: {} }))];
		const result = await mapper(items, {}, { continueOnFail: true });
		expect(result.status).toBe('success');
		const out = result.outputs();
		expect(out[0].map((i) => i.pairedItem.item)).toEqual([1]);
		expect(out[2]).toHaveLength(2);
		expect(out[2][0]).toEqual({ json: { error: expect.stringMatching(/^Item 0: /) }, pairedItem: { item: 0 } });
		expect(out[2][1].json.error).toMatch(/^Item 2: .*is a number/);
	});

	test('onMissingDeviceId = ignore → No Action, ignored', async () => {
		const result = await mapper([S.event('invoice.paid', S.invoice({ metadata: {}, lineMetadata: {} }))], { options: { onMissingDeviceId: 'ignore' } });
		expect(result.output(MAPPER, 2)[0]).toMatchObject({ action: 'none', billingStatus: 'ignored' });
	});
});

describe('one decision per device per execution', () => {
	test('a listed ended subscription and the paid one that replaced it: one Activate, the other No Action naming it', async () => {
		const items = [
			S.subscription({ id: 'sub_new', status: 'active' }),
			S.subscription({ id: 'sub_old', status: 'canceled', canceledAt: 1793000000, endedAt: 1793000000 }),
		];
		const out = (await mapper(items, {})).outputs();
		expect(out[0].map((i) => [i.pairedItem.item, i.json.subscriptionId])).toEqual([[1, 'sub_old']]);
		expect(out[0][0].json.reason).toMatch(/subscription sub_new naming this device is paid/);
		expect(out[1]).toEqual([]);
		expect(out[2].map((i) => i.pairedItem.item)).toEqual([0]);
		expect(out[2][0].json.reason).toMatch(/item 1 of this execution decides this device/);
	});
});
