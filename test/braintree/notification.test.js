// Hand-built, hand-signed notifications: realistic subscription fields the SDK samples lack, edge cases of the
// XML, and a randomized comparison of our XML conversion with xml2js + the SDK's Util.convertNodeToObject.
const fc = require('fast-check');
const xml2js = require('xml2js');
const { Util } = require('braintree/lib/braintree/util');
const { sdkGateway, signedPayload, norm, expectSameData } = require('./helpers');
const { parseNotificationPayload, payloadHash, decodePayload } = require('../../dist/nodes/BraintreeTrigger/notification');
const { parseBraintreeXml } = require('../../dist/nodes/BraintreeTrigger/xml');

const gateway = sdkGateway();

function notificationXml(kind, subjectXml, timestamp = '2026-11-01T10:00:00Z') {
	return `<?xml version="1.0" encoding="UTF-8"?>
<notification>
  <timestamp type="datetime">${timestamp}</timestamp>
  <kind>${kind}</kind>
  <subject>${subjectXml}</subject>
</notification>
`;
}

function subscriptionXml({ id, status = 'Past Due', transactions = '' } = {}) {
	return `
    <subscription>
      <id>${id}</id>
      <status>${status}</status>
      <plan-id>sim-monthly</plan-id>
      <price>9.00</price>
      <balance>9.00</balance>
      <paid-through-date type="date">2026-10-31</paid-through-date>
      <next-billing-date type="date">2026-11-01</next-billing-date>
      <billing-period-start-date type="date">2026-10-01</billing-period-start-date>
      <billing-period-end-date nil="true"/>
      <days-past-due type="integer">3</days-past-due>
      <failure-count type="integer">1</failure-count>
      <current-billing-cycle type="integer">7</current-billing-cycle>
      <number-of-billing-cycles nil="true"></number-of-billing-cycles>
      <never-expires type="boolean">true</never-expires>
      <trial-period type="boolean">false</trial-period>
      <trial-duration nil="true"/>
      <created-at type="datetime">2026-04-01T08:00:00Z</created-at>
      <description>Bike &amp; SIM &lt;EU&gt; &quot;9&#8364;&quot; &#x2713;</description>
      <merchant-account-id>acme_eur</merchant-account-id>
      <add-ons type="array"/>
      <discounts type="array">
      </discounts>
      <status-history type="array">
        <status-event>
          <timestamp type="datetime">2026-10-01T08:00:00Z</timestamp>
          <status>Active</status>
          <price>9.00</price>
        </status-event>
      </status-history>
      <transactions type="array">${transactions}</transactions>
    </subscription>`;
}

const TWO_TRANSACTIONS = `
        <transaction>
          <id>tx_failed</id>
          <status>processor_declined</status>
          <amount>9.00</amount>
          <currency-iso-code>EUR</currency-iso-code>
          <customer><id>cust_1</id><email nil="true"/></customer>
          <subscription-id>iccid-8988303000000000001</subscription-id>
        </transaction>
        <transaction>
          <id>tx_ok</id>
          <status>settled</status>
          <amount>9.00</amount>
          <currency-iso-code>EUR</currency-iso-code>
          <customer><id>cust_1</id><email>rider@example.com</email></customer>
          <subscription-id>iccid-8988303000000000001</subscription-id>
        </transaction>`;

async function bothParses(xml) {
	const { bt_signature, bt_payload } = signedPayload(xml);
	const sdk = norm(await gateway.webhookNotification.parse(bt_signature, bt_payload));
	const ours = parseNotificationPayload(bt_payload);
	return { sdk, ours };
}

describe('hand-signed subscription notifications', () => {
	test('past due subscription with typed fields, nil values, empty arrays, entities and transactions', async () => {
		const xml = notificationXml(
			'subscription_went_past_due',
			subscriptionXml({ id: 'iccid-8988303000000000001', transactions: TWO_TRANSACTIONS }),
		);
		const { sdk, ours } = await bothParses(xml);
		expect(ours.subject).toEqual(sdk.subject);
		expectSameData(ours, sdk);

		const s = ours.subscription;
		expect(ours.kind).toBe('subscription_went_past_due');
		expect(ours.timestamp).toBe('2026-11-01T10:00:00Z');
		expect(s.id).toBe('iccid-8988303000000000001');
		expect(s.status).toBe('Past Due');
		expect(s.planId).toBe('sim-monthly');
		expect(s.price).toBe('9.00');
		expect(s.paidThroughDate).toBe('2026-10-31');
		expect(s.nextBillingDate).toBe('2026-11-01');
		expect(s.billingPeriodEndDate).toBeNull();
		expect(s.numberOfBillingCycles).toBeNull();
		expect(s.trialDuration).toBeNull();
		expect(s.daysPastDue).toBe(3);
		expect(s.failureCount).toBe(1);
		expect(s.currentBillingCycle).toBe(7);
		expect(s.neverExpires).toBe(true);
		expect(s.trialPeriod).toBe(false);
		expect(s.createdAt).toBe('2026-04-01T08:00:00Z');
		expect(s.description).toBe('Bike & SIM <EU> "9€" ✓');
		expect(s.addOns).toEqual([]);
		expect(s.discounts).toEqual([]);
		expect(s.statusHistory).toEqual([{ timestamp: '2026-10-01T08:00:00Z', status: 'Active', price: '9.00' }]);
		expect(s.transactions).toEqual([
			{
				id: 'tx_failed',
				status: 'processor_declined',
				amount: '9.00',
				currencyIsoCode: 'EUR',
				customer: { id: 'cust_1', email: null },
				subscriptionId: 'iccid-8988303000000000001',
			},
			{
				id: 'tx_ok',
				status: 'settled',
				amount: '9.00',
				currencyIsoCode: 'EUR',
				customer: { id: 'cust_1', email: 'rider@example.com' },
				subscriptionId: 'iccid-8988303000000000001',
			},
		]);
	});

	test('a 20-digit subscription id stays an exact string', async () => {
		const id = '89883030000000000019';
		const { sdk, ours } = await bothParses(notificationXml('subscription_charged_successfully', subscriptionXml({ id, status: 'Active' })));
		expect(ours.subscription.id).toBe(id);
		expect(ours.subject.subscription.id).toBe(id);
		expect(sdk.subscription.id).toBe(id);
		expect(ours.subscription.transactions).toEqual([]);
	});

	test('a single transaction inside type="array" is still an array', async () => {
		const one = TWO_TRANSACTIONS.split('</transaction>')[0] + '</transaction>';
		const { sdk, ours } = await bothParses(notificationXml('subscription_charged_unsuccessfully', subscriptionXml({ id: 'sub_1', transactions: one })));
		expect(ours.subscription.transactions).toHaveLength(1);
		expectSameData(ours, sdk);
	});

	test('a canceled subscription', async () => {
		const { ours } = await bothParses(notificationXml('subscription_canceled', subscriptionXml({ id: 'iccid-8988303000000000001', status: 'Canceled' })));
		expect(ours.subscription.status).toBe('Canceled');
	});
});

describe('payload and XML edge cases', () => {
	test('payload hash ignores the trailing newline and is stable', () => {
		const { bt_payload } = signedPayload(notificationXml('check', '<check type="boolean">true</check>'));
		expect(payloadHash(bt_payload)).toMatch(/^[0-9a-f]{64}$/);
		expect(payloadHash(bt_payload)).toBe(payloadHash(bt_payload.replace(/\n$/, '')));
	});

	test('base64 with line breaks (76-column style) decodes', () => {
		const xml = notificationXml('check', '<check type="boolean">true</check>');
		const wrapped = Buffer.from(xml).toString('base64').replace(/(.{60})/g, '$1\n') + '\n';
		expect(decodePayload(wrapped)).toBe(xml);
		expect(parseNotificationPayload(wrapped).subject).toEqual({ check: true });
	});

	test.each([
		['not base64', '!!!!'],
		['base64 of non-XML', Buffer.from('hello world').toString('base64')],
		['another root element', Buffer.from('<api-error-response><message>x</message></api-error-response>').toString('base64')],
		['no kind', Buffer.from('<notification><timestamp>2026-01-01T00:00:00Z</timestamp><subject/></notification>').toString('base64')],
		['no subject', Buffer.from('<notification><kind>check</kind><timestamp>2026-01-01T00:00:00Z</timestamp></notification>').toString('base64')],
		['truncated XML', Buffer.from('<notification><kind>check</kind>').toString('base64')],
	])('rejects %s', (_label, payload) => {
		expect(() => parseNotificationPayload(payload)).toThrow();
	});

	const parseWithXml2js = (xml) =>
		xml2js.parseStringPromise(xml, { attrkey: '@', charkey: '#', explicitArray: false }).then((r) => {
			if (r === null) throw new Error('empty');
			return r;
		});

	test.each([
		['a DOCTYPE', '<!DOCTYPE n [<!ENTITY x "y">]><n>&x;</n>'],
		['a bare ampersand', '<n>a & b</n>'],
		['mismatched tags', '<n><a></b></n>'],
		['text outside the root', 'x<n/>'],
		['an unquoted attribute', '<n a=1/>'],
		['an unclosed element', '<n><a>'],
		['an empty document', '   '],
	])('the XML reader refuses %s, as the SDK (strict sax) does', async (_label, xml) => {
		expect(() => parseBraintreeXml(xml)).toThrow();
		await expect(parseWithXml2js(xml)).rejects.toBeTruthy();
	});

	// Deliberately stricter than sax: Braintree's XML never contains these, and a signed payload that did would
	// be something we do not understand, so it is refused rather than guessed at.
	test.each([
		['an HTML named entity', '<n>&nbsp;</n>'],
		['a second root element', '<n/><m/>'],
		['a duplicate attribute', '<n a="1" a="2"/>'],
		['"<" in an attribute', '<n a="<"/>'],
	])('the XML reader refuses %s (sax tolerates it)', async (_label, xml) => {
		expect(() => parseBraintreeXml(xml)).toThrow();
		await expect(parseWithXml2js(xml)).resolves.toBeTruthy();
	});

	test('CDATA, comments, mixed text, whitespace-only and collection elements match the SDK conversion', async () => {
		const subject = `
      <!-- a comment -->
      <note><![CDATA[a <b> & c]]></note>
      <blank>   </blank>
      <empty/>
      <mixed>one<inner>x</inner>two</mixed>
      <bag type="collection"><first-item>1</first-item><second_item type="integer">2</second_item></bag>
      <symbol type="symbol">sym</symbol>
      <weird-integer type="integer"> 42abc</weird-integer>
      <repeated>a</repeated><repeated>b</repeated>
      <odd type="array"><x>1</x><y>2</y><x>3</x></odd>`;
		const { sdk, ours } = await bothParses(notificationXml('check', subject));
		expect(ours.subject).toEqual(sdk.subject);
		expect(ours.subject.note).toBe('a <b> & c');
		expect(ours.subject.blank).toBe('   ');
		expect(ours.subject.empty).toBe('');
		expect(ours.subject.bag).toEqual({ firstItem: '1', secondItem: 2 });
		expect(ours.subject.weirdInteger).toBe(42);
		expect(ours.subject.repeated).toEqual(['a', 'b']);
		expect(ours.subject.odd).toEqual(['1', '3', '2']); // grouped by element name, as the SDK does
	});

	test('an empty integer (SDK: NaN) comes out as null, which is what the SDK result is after JSON', async () => {
		const { sdk, ours } = await bothParses(notificationXml('check', '<n type="integer"/>'));
		expect(ours.subject.n).toBeNull();
		expect(sdk.subject.n).toBeNull();
	});

	test('the comparison helper does notice a difference', async () => {
		const { sdk, ours } = await bothParses(notificationXml('subscription_expired', subscriptionXml({ id: 'sub_x', status: 'Expired' })));
		const changed = JSON.parse(JSON.stringify(ours));
		changed.subscription.daysPastDue = '3';
		expect(() => expectSameData(changed, sdk)).toThrow(/daysPastDue/);
		delete changed.subscription.daysPastDue;
		expect(() => expectSameData(changed, sdk)).toThrow(/daysPastDue/);
	});
});

describe('randomized: our XML conversion = xml2js + Util.convertNodeToObject', () => {
	const names = ['id', 'status', 'paid-through-date', 'days_past_due', 'transactions', 'item', 'amount', 'a-b_c'];
	const texts = fc.constantFrom('', ' ', '\n  ', 'Active', 'Past Due', '9.00', '42', '007', 'true', 'false', 'x &amp; y', '&lt;&gt;&quot;&apos;', '&#233;t&#xE9;', '89883030000000000019');
	const attrs = fc.constantFrom('', ' type="array"', ' type="collection"', ' type="integer"', ' type="boolean"', ' type="date"', ' type="datetime"', ' type="decimal"', ' nil="true"', ' type="integer" nil="true"', ' type="array" nil="true"', ' other="1"');
	const element = fc.letrec((tie) => ({
		node: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			fc.record({ name: fc.constantFrom(...names), attr: attrs, text: texts }).map(({ name, attr, text }) => `<${name}${attr}>${text}</${name}>`),
			fc.record({ name: fc.constantFrom(...names), attr: attrs }).map(({ name, attr }) => `<${name}${attr}/>`),
			fc
				.record({
					name: fc.constantFrom(...names),
					attr: attrs,
					children: fc.array(tie('node'), { maxLength: 4 }),
					gap: fc.constantFrom('', '\n    ', ' '),
					cdata: fc.constantFrom('', '<![CDATA[ c ]]>'),
				})
				.map(({ name, attr, children, gap, cdata }) => `<${name}${attr}>${gap}${children.join(gap)}${cdata}${gap}</${name}>`),
		),
	})).node;

	test('agrees on random documents', async () => {
		await fc.assert(
			fc.asyncProperty(element, async (body) => {
				const xml = `<root>${body}</root>`;
				const raw = await xml2js.parseStringPromise(xml, { attrkey: '@', charkey: '#', explicitArray: false });
				const sdk = norm(Util.convertNodeToObject(raw));
				const ours = norm(parseBraintreeXml(xml));
				expect(ours).toEqual(sdk);
			}),
			{ numRuns: 400 },
		);
	});
});
