/** Custom gateway: dot paths and comma-separated values. */
const { decider } = require('./helpers');

const opts = { gateway: 'custom', statusField: 'data.state', activeValues: 'PAID, active', suspendValues: 'overdue,cancelled', deviceIdField: 'data.device.iccid', eventIdField: 'eventId' };
const ICCID = '89490200001234567890';
const item = (state, eventId = `e-${state}-${Math.random()}`) => ({ eventId, data: { state, device: { iccid: ICCID } } });

test('active values → activate, suspend values → suspend, others → no action (case-insensitive)', () => {
	const decide = decider(opts);
	expect(decide(item('paid')).item).toMatchObject({ action: 'activate', desiredState: 'live', gateway: 'custom', iccid: ICCID, eventType: 'paid' });
	expect(decide(item('Overdue')).item).toMatchObject({ action: 'suspend', desiredState: 'suspended', billingStatus: 'suspended' });
	expect(decide(item('pending')).item).toMatchObject({ action: 'none', billingStatus: 'ignored' });
	expect(decide({ eventId: 'x', data: {} }).item.reason).toMatch(/no status at "data.state"/);
});

test('eventIdField dedupes; IMEI by length; number refused; missing id', () => {
	const decide = decider(opts);
	expect(decide(item('paid', 'evt-1')).output).toBe('activate');
	expect(decide(item('paid', 'evt-1')).dropped).toBe(true);
	expect(decider({ ...opts, deviceIdField: 'imei' })({ imei: '356938035643809', data: { state: 'paid' } }).item.imei).toBe('356938035643809');
	// eslint-disable-next-line no-loss-of-precision -- the point: as a number, a 20-digit ICCID has already lost digits
	expect(() => decider({ ...opts, deviceIdField: 'n' })({ n: 89490200001234567890, data: { state: 'paid' } })).toThrow(/is a number/);
	expect(() => decider(opts)({ data: { state: 'paid' } })).toThrow(/no device id found: looked at the field "data.device.iccid"/);
	expect(() => decider({ ...opts, statusField: '' })(item('paid'))).toThrow(/Status Field/);
});
