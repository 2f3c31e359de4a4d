import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { properties } from './actions/operations';
import { route } from './actions/router';
import { operationSubtitle, optionName } from '../shared/subtitle';

const STATES = (properties.find((p) => p.name === 'state')?.options ?? []) as Array<{ name: string; value: string }>;

/**
 * 1oT Terminal: SIMs, the account and alerts. This file is what the user sees; the operations live in
 * `actions/<resource>/`, the API client (retries, bulk lists, pagination) in `../shared/oneot/`.
 */
export class OneOtTerminal implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1oT Terminal',
		name: 'oneOtTerminal',
		icon: { light: 'file:../../icons/oneot.svg', dark: 'file:../../icons/oneot.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties, {
			'sim.setState': `"Set state: " + ${optionName('$parameter["state"]', STATES)}`,
		}),
		description: 'Manage 1oT SIM cards: set their state from payments, read status and usage, send SMS',
		defaults: { name: '1oT Terminal' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneOtTerminalApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
