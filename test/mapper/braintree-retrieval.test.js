// payments.md 6.5: a Braintree dispute suspends the SIM when it is a chargeback; a retrieval request only
// asks the merchant for documents.
const B = require('./fixtures/braintree');
const { decider } = require('./helpers');

const ICCID = '8988303000000000001';

describe('Braintree dispute kinds: retrieval vs chargeback', () => {
	test.each(['dispute_opened', 'dispute_under_review', 'dispute_disputed'])('%s', async (kind) => {
		const base = await B.notification(kind, 'dp_r');
		const withKind = (dk) => ({ ...base, dispute: { ...base.dispute, kind: dk }, device: { iccid: ICCID } });
		const decide = (json) => decider({ deviceIdField: 'device.iccid' })(json).item;
		expect(decide(withKind('chargeback'))).toMatchObject({ action: 'suspend', iccid: ICCID });
		expect(decide(withKind('pre_arbitration'))).toMatchObject({ action: 'suspend' });
		const retrieval = decide(withKind('retrieval'));
		expect(retrieval).toMatchObject({ action: 'none', billingStatus: 'ignored', iccid: ICCID });
		expect(retrieval.reason).toMatch(/retrieval/);
	});
});
