// The alert poll as a plain function (dist/nodes/OneOtTerminalAlertTrigger/poll.js) over a scripted lister:
// the cases a simulator cannot stage in order (an alert arriving between the two passes, a server that ignores
// the mark flag, the bounded memory).
const { pollAlerts, sampleAlerts } = require('../../dist/nodes/OneOtTerminalAlertTrigger/poll');

const alert = (id, trigger = 'Data limit exceeded', timestamp = 1772359200000 + id) => ({
	id: String(id),
	trigger,
	timestamp,
	is_read: false,
	iccid: '8988201234567890123',
});

/** A fake Terminal: pages of `pageSize`, unread filter, mark flag (optionally ignored), hooks between calls. */
function terminal({ pageSize = 2, honourMark = true } = {}) {
	const t = { alerts: [], calls: [], beforeCall: null };
	t.list = ({ onlyUnread, markAsRead }) =>
		(async function* () {
			for (let offset = 0; ; offset += pageSize) {
				t.calls.push({ onlyUnread, markAsRead, offset });
				if (t.beforeCall) await t.beforeCall(t.calls.length, { onlyUnread, markAsRead, offset });
				const matching = t.alerts.filter((a) => !onlyUnread || !a.is_read);
				const page = matching.slice(offset, offset + pageSize);
				if (markAsRead && honourMark) page.forEach((a) => (a.is_read = true));
				if (page.length) yield page.map((a) => ({ ...a }));
				if (page.length < pageSize) return;
			}
		})();
	return t;
}

const ids = (r) => r.items.map((i) => i.alertId);

test('an alert arriving between the read pass and the marking pass is emitted, once', async () => {
	const t = terminal({ pageSize: 10 });
	t.alerts.push(alert(1), alert(2));
	t.beforeCall = (n, call) => {
		if (call.markAsRead && call.offset === 0) t.alerts.push(alert(3));
	};
	const r = await pollAlerts({ list: t.list, state: {}, markAsRead: true, events: ['*'] });
	expect(ids(r)).toEqual(['1', '2', '3']);
	expect(t.alerts.every((a) => a.is_read)).toBe(true);
	t.beforeCall = null;
	const again = await pollAlerts({ list: t.list, state: r.state, markAsRead: true, events: ['*'] });
	expect(again.items).toEqual([]);
});

test('a server that ignores the mark flag: nothing emitted twice', async () => {
	const t = terminal({ honourMark: false });
	t.alerts.push(alert(1), alert(2), alert(3));
	let state = {};
	const emitted = [];
	for (let i = 0; i < 3; i++) {
		const r = await pollAlerts({ list: t.list, state, markAsRead: true, events: ['*'] });
		emitted.push(...ids(r));
		state = r.state;
	}
	expect(emitted).toEqual(['1', '2', '3']);
});

test('marking pass fails: items still emitted, with the error reported', async () => {
	const t = terminal({ pageSize: 2 });
	t.alerts.push(alert(1), alert(2), alert(3));
	t.beforeCall = (n, call) => {
		if (call.markAsRead && call.offset > 0) throw new Error('boom');
	};
	const r = await pollAlerts({ list: t.list, state: {}, markAsRead: true, events: ['*'] });
	expect(ids(r)).toEqual(['1', '2', '3']);
	expect(r.markingError.message).toBe('boom');
	expect(r.state.seen.map(([id]) => id)).toEqual(['1', '2', '3']);
});

test('reading pass fails: throws, state untouched, nothing marked', async () => {
	const t = terminal({ pageSize: 2 });
	t.alerts.push(alert(1), alert(2), alert(3));
	t.beforeCall = (n, call) => {
		if (!call.markAsRead && call.offset > 0) throw new Error('page 2 down');
	};
	const state = { seen: [['0', 1]], floor: null };
	await expect(pollAlerts({ list: t.list, state, markAsRead: true, events: ['*'] })).rejects.toThrow('page 2 down');
	expect(state).toEqual({ seen: [['0', 1]], floor: null });
	expect(t.alerts.some((a) => a.is_read)).toBe(false);
});

test('memory: only ids still unread are kept, at most `memory`; forgotten ones are covered by the floor', async () => {
	const t = terminal({ pageSize: 100 });
	for (let i = 1; i <= 8; i++) t.alerts.push(alert(i));
	const r1 = await pollAlerts({ list: t.list, state: {}, markAsRead: false, events: ['*'], memory: 5 });
	expect(ids(r1)).toHaveLength(8);
	expect(r1.state.seen.map(([id]) => id)).toEqual(['4', '5', '6', '7', '8']);
	expect(r1.state.floor).toBe(1772359200003);
	// Still unread, some forgotten: none comes again.
	const r2 = await pollAlerts({ list: t.list, state: r1.state, markAsRead: false, events: ['*'], memory: 5 });
	expect(r2.items).toEqual([]);
	// Read elsewhere: they drop out of memory.
	t.alerts.slice(0, 6).forEach((a) => (a.is_read = true));
	t.alerts.push(alert(9));
	const r3 = await pollAlerts({ list: t.list, state: r2.state, markAsRead: false, events: ['*'], memory: 5 });
	expect(ids(r3)).toEqual(['9']);
	expect(r3.state.seen.map(([id]) => id)).toEqual(['7', '8', '9']);
});

test('manual sample: the latest unread, else the latest of all; never marks', async () => {
	const t = terminal({ pageSize: 5 });
	for (let i = 1; i <= 12; i++) t.alerts.push(alert(i, i % 2 ? 'Data limit exceeded' : 'IMEI changed'));
	const s = await sampleAlerts(t.list, ['*']);
	expect(s.map((i) => i.alertId)).toEqual(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
	expect(t.calls.every((c) => !c.markAsRead)).toBe(true);
	expect((await sampleAlerts(t.list, ['imeiChange'])).map((i) => i.alertId)).toEqual(['2', '4', '6', '8', '10', '12']);
	t.alerts.forEach((a) => (a.is_read = true));
	expect(await sampleAlerts(t.list, ['*'])).toHaveLength(10);
});
