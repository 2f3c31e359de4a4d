// 1oT Terminal Trigger through n8n's webhook machinery: who may push, JSON and form bodies, what the
// recogniser makes of each kind of notification, the events filter.
const { runWebhook, chainWorkflow, loadPackage } = require('../helpers/engine');

const ICCID = '8988201234567890123'; // 19 digits: beyond 2^53
const IMEI = '356938035643809';

const workflow = (parameters = {}) =>
	chainWorkflow([
		{ name: 'Terminal Trigger', type: 'oneOtTerminalTrigger', parameters: { events: ['*'], ...parameters } },
		{ name: 'After', type: 'n8n-nodes-base.noOp' },
	]);

const headerCred = { oneOtTerminalWebhookApi: { authType: 'headerSecret', headerName: 'X-Webhook-Secret', headerValue: 's3cret-value' } };
const basicCred = { oneOtTerminalWebhookApi: { authType: 'basicAuth', user: 'terminal', password: 'pa:ss word' } };
const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

const push = (body, options = {}) => runWebhook(workflow(options.parameters), { body, ...options });
// what every item says when the trigger runs without a credential (SPEC 3.4: it says so plainly)
const NO_CREDENTIAL = expect.stringMatching(/^Received without a 1oT Terminal Webhook API credential.*anyone who knows its URL/);
const out = (r) => r.run.output('Terminal Trigger');

describe('1oT Terminal Trigger › description', () => {
	test('webhook trigger, POST, optional credential tested by the node, all lifecycle methods', async () => {
		const type = loadPackage().nodeTypes.getByName('n8n-nodes-1ot.oneOtTerminalTrigger');
		const d = type.description;
		expect(d.displayName).toBe('1oT Terminal Trigger');
		expect(d.inputs).toEqual([]);
		expect(d.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST' })]);
		expect(d.credentials).toEqual([{ name: 'oneOtTerminalWebhookApi', required: false, testedBy: 'oneOtTerminalWebhookApiTest' }]);
		for (const m of ['checkExists', 'create', 'delete']) expect(await type.webhookMethods.default[m].call({})).toBe(true);
		const test = type.methods.credentialTest.oneOtTerminalWebhookApiTest;
		expect(await test.call({}, { data: headerCred.oneOtTerminalWebhookApi })).toMatchObject({ status: 'OK' });
		expect(await test.call({}, { data: { authType: 'headerSecret', headerName: 'X-Webhook-Secret', headerValue: '' } })).toMatchObject({
			status: 'Error',
		});
		expect(await test.call({}, { data: { authType: 'headerSecret', headerName: 'bad header', headerValue: 'x' } })).toMatchObject({
			status: 'Error',
		});
		expect(await test.call({}, { data: { authType: 'basicAuth', user: 'a:b', password: 'x' } })).toMatchObject({ status: 'Error' });
	});

	test('the credential: fields and names', () => {
		const cred = loadPackage().credentialTypes.getByName('oneOtTerminalWebhookApi');
		expect(cred.displayName).toBe('1oT Terminal Webhook API');
		const byName = Object.fromEntries(cred.properties.map((p) => [p.name, p]));
		expect(byName.authType.options.map((o) => o.value)).toEqual(['headerSecret', 'basicAuth']);
		expect(byName.headerName.default).toBe('X-Webhook-Secret');
		expect(byName.headerValue.typeOptions).toEqual({ password: true });
		expect(byName.password.typeOptions).toEqual({ password: true });
		expect(byName.user).toBeDefined();
	});
});

describe('1oT Terminal Trigger › without a credential it says so', () => {
	test('the panel has a notice, and every item of a run without a credential carries the warning; with one, none', async () => {
		const d = loadPackage().nodeTypes.getByName('n8n-nodes-1ot.oneOtTerminalTrigger').description;
		const notice = d.properties.find((p) => p.name === 'noCredentialNotice');
		expect(notice).toMatchObject({ type: 'notice' });
		expect(notice.displayName).toMatch(/Without a <b>1oT Terminal Webhook API<\/b> credential anyone who knows/);
		const open = out(await push([{ trigger: 'IMEI changed' }, { trigger: 'Data limit exceeded' }]));
		expect(open.map((i) => i.warnings)).toEqual([[NO_CREDENTIAL], [NO_CREDENTIAL]]);
		const closed = out(await push({ trigger: 'IMEI changed' }, { credentials: headerCred, headers: { 'X-Webhook-Secret': 's3cret-value' } }));
		expect(closed[0].warnings).toBeUndefined();
		expect(JSON.stringify(closed)).not.toContain('s3cret-value');
	});
});

describe('1oT Terminal Trigger › authentication', () => {
	const body = { trigger: 'Data limit exceeded', iccid: ICCID };

	test('no credential: every push starts the workflow', async () => {
		const r = await push(body);
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(true);
	});

	test('header secret right (any header case) → started', async () => {
		const r = await push(body, { credentials: headerCred, headers: { 'x-webhook-secret': 's3cret-value' } });
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(true);
		expect(r.run.status).toBe('success');
	});

	test.each([
		['wrong', { 'X-Webhook-Secret': 's3cret-valuE' }],
		['longer', { 'X-Webhook-Secret': 's3cret-value-and-more' }],
		['empty', { 'X-Webhook-Secret': '' }],
		['missing', {}],
		['in another header', { Authorization: 's3cret-value' }],
	])('header secret %s → 401, nothing started', async (_label, headers) => {
		const r = await push(body, { credentials: headerCred, headers });
		expect(r.statusCode).toBe(401);
		expect(r.responseBody).toBe('Unauthorized');
		expect(r.started).toBe(false);
		expect(r.webhookResult).toEqual({ noWebhookResponse: true });
	});

	test('a custom header name', async () => {
		const credentials = { oneOtTerminalWebhookApi: { authType: 'headerSecret', headerName: 'X-1oT-Token', headerValue: 'abc' } };
		expect((await push(body, { credentials, headers: { 'X-1oT-Token': 'abc' } })).started).toBe(true);
		expect((await push(body, { credentials, headers: { 'X-Webhook-Secret': 'abc' } })).statusCode).toBe(401);
	});

	test('a credential with an empty secret accepts nothing (fails closed)', async () => {
		const credentials = { oneOtTerminalWebhookApi: { authType: 'headerSecret', headerName: 'X-Webhook-Secret', headerValue: '' } };
		const r = await push(body, { credentials, headers: { 'X-Webhook-Secret': '' } });
		expect(r.statusCode).toBe(401);
		expect(r.started).toBe(false);
	});

	test('basic auth right (password with ":" and a space) → started', async () => {
		const r = await push(body, { credentials: basicCred, headers: { Authorization: basic('terminal', 'pa:ss word') } });
		expect(r.statusCode).toBe(200);
		expect(r.started).toBe(true);
	});

	test.each([
		['wrong password', basic('terminal', 'pa:ss')],
		['wrong user', basic('Terminal', 'pa:ss word')],
		['not basic', 'Bearer pa:ss word'],
		['garbage', 'Basic !!!'],
		['missing', undefined],
	])('basic auth %s → 401 with a challenge, nothing started', async (_label, authorization) => {
		const headers = authorization === undefined ? {} : { Authorization: authorization };
		const r = await push(body, { credentials: basicCred, headers });
		expect(r.statusCode).toBe(401);
		expect(r.responseHeaders['www-authenticate']).toMatch(/^Basic realm=/);
		expect(r.started).toBe(false);
	});
});

describe('1oT Terminal Trigger › bodies and the recogniser', () => {
	const at = '2026-03-01T10:00:00.000Z';

	test('JSON: the whole body is kept and the known fields are pulled out', async () => {
		const body = { trigger: 'Data usage exceeded 500 MB', iccid: ICCID, imei: IMEI, timestamp: Date.parse(at), extra: { a: 1 } };
		const r = await push(body);
		expect(out(r)).toEqual([
			{
				event: 'dataUsage',
				trigger: 'Data usage exceeded 500 MB',
				iccid: ICCID,
				imei: IMEI,
				country: null,
				timestamp: at,
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				body,
				warnings: [NO_CREDENTIAL],
			},
		]);
		expect(r.run.output('After')).toHaveLength(1);
	});

	test('form body (as n8n parses application/x-www-form-urlencoded)', async () => {
		const raw = `event=Device+outside+deployment+country&ICCID=${ICCID}&countryCode=lva&time=${at}`;
		const r = await push(
			{ event: 'Device outside deployment country', ICCID, countryCode: 'lva', time: at },
			{ rawBody: raw, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
		);
		expect(out(r)[0]).toMatchObject({ event: 'countryChange', iccid: ICCID, country: 'LVA', timestamp: at });
	});

	test('a text/plain push n8n did not parse: the text is the trigger and the body', async () => {
		const r = await push({}, { rawBody: 'IMEI changed', headers: { 'content-type': 'text/plain' } });
		expect(out(r)[0]).toMatchObject({ event: 'imeiChange', trigger: 'IMEI changed', body: 'IMEI changed', iccid: null });
	});

	test.each([
		['dataUsage', { trigger: 'Data limit reached' }],
		['dataUsage', { type: 'DATA_THRESHOLD_EXCEEDED' }],
		['dataUsage', { alertType: 'usage', message: 'SIM used 100MB' }],
		['countryChange', { trigger: 'Roaming started' }],
		['countryChange', { eventType: 'countryChanged', newCountry: 'EST' }],
		['imeiChange', { trigger: 'IMEI change detected', newImei: IMEI }],
		['imeiChange', { type: 'imeiChanged' }],
		['statusChange', { trigger: 'SIM suspended' }],
		['statusChange', { event: 'SIM_STATUS_CHANGED' }],
		['statusChange', { trigger: 'SIM activated' }],
		['balance', { trigger: 'Prepaid balance below 10%' }],
		['balance', { title: 'Balance threshold' }],
		['other', { hello: 'world', iccid: ICCID }],
		['other', { trigger: 'Something new' }],
	])('%s ← %j', async (event, body) => {
		const r = await push(body);
		expect(r.started).toBe(true);
		expect(out(r)[0].event).toBe(event);
		expect(out(r)[0].body).toEqual(body);
	});

	test('field names in other spellings and inside wrappers', async () => {
		const body = {
			data: { sim: { ICCID }, device: { imei: IMEI }, location: { country: 'Estonia' }, createdAt: 1772359200 },
			event: { name: 'x', message: 'Device left its country' },
		};
		const [item] = out(await push(body));
		expect(item).toMatchObject({
			event: 'countryChange',
			iccid: ICCID,
			imei: IMEI,
			country: 'Estonia',
			timestamp: '2026-03-01T10:00:00.000Z',
		});
		expect(out(await push({ simIccid: ICCID }))[0].iccid).toBe(ICCID);
		expect(out(await push({ sim_iccid: ICCID }))[0].iccid).toBe(ICCID);
		expect(out(await push({ lastCountry: 'lv', alpha3: 'LVA' }))[0].country).toBe('LV');
	});

	test('ICCID sent as a JSON number: the digits come back from the raw body, as a string', async () => {
		const raw = `{"trigger":"Data limit exceeded","iccid":${ICCID},"imei":${IMEI}}`;
		const r = await push(JSON.parse(raw), { rawBody: raw, headers: { 'content-type': 'application/json' } });
		const [item] = out(r);
		expect(item.iccid).toBe(ICCID);
		expect(typeof item.iccid).toBe('string');
		expect(item.imei).toBe(IMEI);
		expect(item.warnings).toEqual([NO_CREDENTIAL]); // no digit was lost
	});

	test('ICCID number without a raw body to read: left out, with a warning (never a wrong ICCID)', async () => {
		const r = await push({ trigger: 'Data limit exceeded', iccid: Number(ICCID) }, { rawBody: null });
		const [item] = out(r);
		expect(item.iccid).toBeNull();
		expect(item.warnings[0]).toMatch(/ICCID.*JSON number/);
	});

	test('a JSON array of notifications: one item each', async () => {
		const body = [
			{ trigger: 'Data limit exceeded', iccid: ICCID },
			{ trigger: 'IMEI changed', iccid: '89882012345678901234' },
		];
		const r = await push(body);
		expect(out(r).map((i) => [i.event, i.iccid])).toEqual([
			['dataUsage', ICCID],
			['imeiChange', '89882012345678901234'],
		]);
	});

	test('headers on request, secrets redacted', async () => {
		const r = await push(
			{ trigger: 'x' },
			{
				credentials: headerCred,
				headers: { 'X-Webhook-Secret': 's3cret-value', 'X-Request-Id': 'r1' },
				parameters: { options: { includeHeaders: true } },
			},
		);
		const [item] = out(r);
		expect(item.headers['x-request-id']).toBe('r1');
		expect(item.headers['x-webhook-secret']).toBe('[redacted]');
		expect(JSON.stringify(item)).not.toContain('s3cret-value');
		expect(out(await push({ trigger: 'x' }))[0].headers).toBeUndefined();
	});
});

describe('1oT Terminal Trigger › events filter', () => {
	const parameters = { events: ['dataUsage', 'countryChange'] };

	test('a selected event starts the workflow', async () => {
		const r = await push({ trigger: 'Data limit exceeded', iccid: ICCID }, { parameters });
		expect(r.started).toBe(true);
		expect(out(r)[0].event).toBe('dataUsage');
	});

	test('a filtered-out push answers 200 and starts nothing', async () => {
		for (const body of [{ trigger: 'IMEI changed' }, { foo: 'bar' }]) {
			const r = await push(body, { parameters });
			expect(r.statusCode).toBe(200);
			expect(r.started).toBe(false);
		}
	});

	test('"other" can be selected on its own', async () => {
		const r = await push({ foo: 'bar' }, { parameters: { events: ['other'] } });
		expect(r.started).toBe(true);
		expect((await push({ trigger: 'SIM suspended' }, { parameters: { events: ['other'] } })).started).toBe(false);
	});

	test('a batch keeps only the selected ones', async () => {
		const r = await push([{ trigger: 'IMEI changed' }, { trigger: 'Roaming started' }], { parameters });
		expect(out(r).map((i) => i.event)).toEqual(['countryChange']);
	});
});
