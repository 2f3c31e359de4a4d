import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { OneOtClient } from '../shared/oneot/client';
import { OneOtApiError } from '../shared/oneot/errors';
import { oneOtNodeApiError } from '../shared/oneot/nodeError';
import { n8nTransport } from '../shared/oneot/transport';
import { EVENT_OPTIONS } from '../shared/terminalEvents/eventOptions';
import { pollAlerts, sampleAlerts, type AlertLister, type AlertPollState } from './poll';

export class OneOtTerminalAlertTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: '1oT Terminal Alert Trigger',
		name: 'oneOtTerminalAlertTrigger',
		icon: { light: 'file:../../icons/oneot.svg', dark: 'file:../../icons/oneot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["scope"] === "group" ? "Alerts of group " + $parameter["group"] : "Alerts of the account"}}',
		description: 'Starts the workflow for each new unread 1oT Terminal alert (checks at the interval you choose)',
		defaults: { name: '1oT Terminal Alert Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'oneOtTerminalApi', required: true }],
		properties: [
			{
				displayName:
					'Each unread alert starts the workflow once. With "Mark as Read" the alerts are also marked read in the Terminal after they were read. "Fetch Test Event" shows the latest alerts and changes nothing.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Scope',
				name: 'scope',
				type: 'options',
				options: [
					{ name: 'Account', value: 'account', description: 'Alerts of every SIM in the account' },
					{ name: 'Group', value: 'group', description: 'Alerts of the SIMs in one group' },
				],
				default: 'account',
			},
			{
				displayName: 'Group',
				name: 'group',
				type: 'string',
				default: '',
				required: true,
				placeholder: 'e-bikes-eu',
				displayOptions: { show: { scope: ['group'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: ['*'],
				description: 'Which alerts start the workflow, as recognised from their trigger text',
				options: EVENT_OPTIONS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Mark as Read',
						name: 'markAsRead',
						type: 'boolean',
						default: false,
						description: 'Whether to mark the alerts read in the Terminal once they were read (all unread alerts in scope, also those the Events filter leaves out)',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const scope = this.getNodeParameter('scope', 'account') as string;
		const group = String(this.getNodeParameter('group', '') ?? '').trim();
		if (scope === 'group' && group === '') throw new NodeOperationError(this.getNode(), 'Group must not be empty');
		const events = this.getNodeParameter('events', ['*']) as string[];
		const options = this.getNodeParameter('options', {}) as IDataObject;

		const client = new OneOtClient(await n8nTransport(this));
		const list: AlertLister = (flags) => client.listAlerts(scope === 'group' ? { group } : {}, flags);

		try {
			if (this.getMode() === 'manual') {
				const sample = await sampleAlerts(list, events);
				return sample.length ? [this.helpers.returnJsonArray(sample as unknown as IDataObject[])] : null;
			}

			const staticData = this.getWorkflowStaticData('node') as AlertPollState;
			const result = await pollAlerts({
				list,
				state: { seen: staticData.seen, floor: staticData.floor },
				markAsRead: options.markAsRead === true,
				events: Array.isArray(events) ? events : [String(events)],
			});
			if (result.markingError !== undefined) {
				this.logger.warn(
					`1oT Terminal Alert Trigger: marking alerts as read failed; they stay unread and are marked by a later poll (${String((result.markingError as Error)?.message ?? result.markingError)})`,
				);
			}
			// Remembered in the same step as they are returned (emitted); a failure above changed nothing.
			staticData.seen = result.state.seen;
			staticData.floor = result.state.floor;
			return result.items.length ? [this.helpers.returnJsonArray(result.items as unknown as IDataObject[])] : null;
		} catch (error) {
			if (error instanceof OneOtApiError) throw oneOtNodeApiError(this.getNode(), error);
			throw new NodeOperationError(this.getNode(), error as Error);
		}
	}
}
