'use strict';
const { createFleet, demoFleet, DEMO_FLEET, luhnValid } = require('../../simulator');

describe('createFleet', () => {
	test('is deterministic for a seed and differs between seeds', () => {
		const a = createFleet({ count: 200, seed: 42 });
		const b = createFleet({ count: 200, seed: 42 });
		const c = createFleet({ count: 200, seed: 43 });
		expect(a).toEqual(b);
		expect(a.map((s) => s.iccid)).not.toEqual(c.map((s) => s.iccid));
	});

	test('identifiers are unique digit strings in the test ranges, with valid Luhn digits', () => {
		const fleet = createFleet({ count: 3000, seed: 5 });
		expect(fleet).toHaveLength(3000);
		const iccids = new Set();
		const imeis = new Set();
		const bad = [];
		for (const sim of fleet) {
			if (typeof sim.iccid !== 'string' || !/^8988\d{15,16}$/.test(sim.iccid) || !luhnValid(sim.iccid)) bad.push(['iccid', sim.iccid]);
			if (!/^\d{15}$/.test(sim.imei) || !luhnValid(sim.imei)) bad.push(['imei', sim.imei]);
			if (!/^00101\d{10}$/.test(sim.imsi)) bad.push(['imsi', sim.imsi]);
			if (typeof sim.msisdn !== 'string') bad.push(['msisdn', sim.msisdn]);
			if (sim.eid !== undefined && (!/^89049032\d{24}$/.test(sim.eid) || sim.type !== 'esim')) bad.push(['eid', sim.eid]);
			iccids.add(sim.iccid);
			imeis.add(sim.imei);
		}
		expect(bad).toEqual([]);
		expect(fleet.some((s) => s.eid !== undefined)).toBe(true);
		expect(iccids.size).toBe(3000);
		expect(imeis.size).toBe(3000);
		const lengths = fleet.map((s) => s.iccid.length);
		expect(lengths.filter((l) => l === 19).length).toBeGreaterThan(2000);
		expect(lengths.filter((l) => l === 20).length).toBeGreaterThan(100);
		// 20-digit ICCIDs do not survive a round trip through a JS number: they must stay strings.
		const long = fleet.find((s) => s.iccid.length === 20);
		expect(String(Number(long.iccid))).not.toBe(long.iccid);
	});

	test('follows the default status mix, mostly ON/LIVE', () => {
		const fleet = createFleet({ count: 2000, seed: 9 });
		const by = {};
		for (const s of fleet) by[`${s.status.primary}/${s.status.secondary}`] = (by[`${s.status.primary}/${s.status.secondary}`] || 0) + 1;
		expect(Object.keys(by).sort()).toEqual(['OFF/OFF', 'ON/LIVE', 'ON/SUSPENDED', 'ON/TEST']);
		expect(by['ON/LIVE']).toBeGreaterThan(1400);
	});

	test('honours statusMix, groups and iccidLength', () => {
		const fleet = createFleet({ count: 100, seed: 1, statusMix: { 'OFF/OFF': 1 }, groups: ['only'], iccidLength: 20, esimShare: 0 });
		expect(fleet.every((s) => s.status.primary === 'OFF' && s.status.secondary === 'OFF')).toBe(true);
		expect(fleet.every((s) => s.group === 'only' && s.iccid.length === 20 && s.eid === undefined)).toBe(true);
	});

	test('demo: true puts the E-Bikes Ltd bikes first', () => {
		const fleet = createFleet({ count: 10, seed: 1, demo: true });
		expect(fleet.slice(0, 5).map((s) => s.name)).toEqual(['bike-001', 'bike-002', 'bike-003', 'bike-004', 'bike-005']);
		expect(fleet).toHaveLength(10);
	});
});

describe('demo fleet', () => {
	test('five bikes with fixed, valid identifiers', () => {
		const bikes = demoFleet();
		expect(bikes).toHaveLength(5);
		expect(bikes[0]).toMatchObject({ iccid: '8988303000000000010', name: 'bike-001', group: 'e-bikes-eu', status: { primary: 'ON', secondary: 'LIVE' } });
		expect(bikes[3].status).toEqual({ primary: 'ON', secondary: 'SUSPENDED' });
		expect(bikes[4].status).toEqual({ primary: 'OFF', secondary: 'OFF' });
		for (const b of bikes) {
			expect(luhnValid(b.iccid)).toBe(true);
			expect(luhnValid(b.imei)).toBe(true);
		}
	});

	test('demoFleet() returns copies', () => {
		const bikes = demoFleet();
		bikes[0].status.primary = 'OFF';
		expect(DEMO_FLEET[0].status.primary).toBe('ON');
		expect(demoFleet()[0].status.primary).toBe('ON');
	});
});
