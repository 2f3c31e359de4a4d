/**
 * Stripe events for the mapper's Confirm With Gateway figure: the subscription lives of the property test
 * (test/mapper/fixtures/lives.js) repeated with fresh event ids up to `count`, and the gateway state that a Stripe
 * stand-in serves for them.
 */
const { lives } = require('../../test/mapper/fixtures/lives');

function livesEvents(count) {
	const all = lives();
	const truth = { subscriptions: [], disputes: [], invoices: [], invoicePayments: [] };
	for (const life of all) {
		truth.subscriptions.push(...Object.values(life.truth.subscriptions));
		truth.disputes.push(...Object.values(life.truth.disputes));
		truth.invoices.push(...Object.values(life.truth.invoices));
		truth.invoicePayments.push(...life.truth.invoicePayments);
	}
	const base = all.flatMap((life) => life.events);
	const events = [];
	for (let i = 0; events.length < count; i++) {
		const evt = base[i % base.length];
		events.push({ ...evt, id: `${evt.id}_r${Math.floor(i / base.length)}` });
	}
	return { events, truth };
}

module.exports = { livesEvents };
