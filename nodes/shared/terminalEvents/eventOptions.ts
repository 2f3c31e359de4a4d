import type { INodePropertyOptions } from 'n8n-workflow';

/** The `events` filter's options, shared by the 1oT Terminal Trigger and the Alert Trigger. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'All Events', value: '*', description: 'Any notification, recognised or not' },
	{ name: 'Balance', value: 'balance', description: 'Prepaid balance low or topped up' },
	{ name: 'Country Change', value: 'countryChange', description: 'Device in another country, roaming, outside its deployment country' },
	{ name: 'Data Usage', value: 'dataUsage', description: 'Data used, a data limit or threshold reached or exceeded' },
	{ name: 'IMEI Change', value: 'imeiChange', description: 'The SIM is in another device' },
	{ name: 'Other', value: 'other', description: 'A notification the recogniser does not know' },
	{ name: 'Status Change', value: 'statusChange', description: 'SIM suspended, activated, deactivated, …' },
];
