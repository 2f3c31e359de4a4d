import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Braintree API keys (Control Panel → Settings → API). The Braintree Trigger uses the public and private key to
 * verify webhook signatures and to answer Braintree's URL challenge. The connection test calls Braintree's GraphQL
 * `ping` with HTTP Basic auth (public key : private key).
 */
export class BraintreeApi implements ICredentialType {
	name = 'braintreeApi';

	displayName = 'Braintree API';

	icon: Icon = { light: 'file:../nodes/BraintreeTrigger/braintree.svg', dark: 'file:../nodes/BraintreeTrigger/braintree.dark.svg' };

	documentationUrl = 'https://github.com/1oT/n8n-nodes-1ot#braintree-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Sandbox', value: 'sandbox' },
				{ name: 'Production', value: 'production' },
			],
			default: 'sandbox',
			description: 'Sandbox keys and production keys are different; pick the environment the keys belong to',
		},
		{
			displayName: 'Merchant ID',
			name: 'merchantId',
			type: 'string',
			default: '',
			required: true,
			description: 'Shown in the Braintree Control Panel under Settings → Business',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			required: true,
			// Not a secret, but n8n-nodes-base's cred-class-field-type-options-password-missing (an error) wants every
			// *Key field masked; the newer plugin only warns about the opposite (disabled above).
			typeOptions: { password: true },
			description: 'Control Panel → Settings → API → API Keys',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The private key that belongs to the public key (Control Panel → Settings → API → View)',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.publicKey}}',
				password: '={{$credentials.privateKey}}',
			},
			headers: {
				'Braintree-Version': '2019-01-01',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.environment === "production" ? "https://payments.braintree-api.com" : "https://payments.sandbox.braintree-api.com"}}',
			url: '/graphql',
			method: 'POST',
			headers: {
				'Content-Type': 'application/json',
				'Braintree-Version': '2019-01-01',
			},
			body: { query: 'query { ping }' },
			json: true,
		},
	};
}
