import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * How the 1oT Terminal's push notifications prove who they are to the 1oT Terminal Trigger: a secret header
 * or HTTP Basic auth, set up on the Terminal's workflow action. n8n is the receiver here, so there is no remote
 * call to test; the 1oT Terminal Trigger tests the credential itself (`testedBy`: are the fields usable?).
 */
export class OneOtTerminalWebhookApi implements ICredentialType {
	name = 'oneOtTerminalWebhookApi';

	displayName = '1oT Terminal Webhook API';

	icon: Icon = { light: 'file:../icons/oneot.svg', dark: 'file:../icons/oneot.dark.svg' };

	documentationUrl = 'https://github.com/1oT/n8n-nodes-1ot#1ot-terminal-trigger';

	properties: INodeProperties[] = [
		{
			displayName:
				'Enter the same values in the 1oT Terminal workflow that sends the notifications (the push action\'s headers or basic auth). A request that does not carry them gets 401 and starts nothing.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Header Secret',
					value: 'headerSecret',
					description: 'The Terminal sends a secret in a header of your choice',
				},
				{
					name: 'Basic Auth',
					value: 'basicAuth',
					description: 'The Terminal sends a user and password (HTTP Basic)',
				},
			],
			default: 'headerSecret',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'X-Webhook-Secret',
			required: true,
			displayOptions: { show: { authType: ['headerSecret'] } },
			description: 'The header the Terminal adds to each notification',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the value is the shared secret
		{
			displayName: 'Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['headerSecret'] } },
			description: 'The secret; use a long random value (e.g. 32 characters or more)',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['basicAuth'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['basicAuth'] } },
		},
	];
}
