import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A Mollie API key for the Payment Status Mapper's "Confirm With Gateway": Mollie's webhooks carry only a payment's
 * id, so the mapper reads the payment and its subscription (`GET /v2/payments/{id}`,
 * `GET /v2/customers/{customerId}/subscriptions…`) and changes nothing.
 */
export class MollieApi implements ICredentialType {
	name = 'mollieApi';

	displayName = 'Mollie API';

	icon: Icon = { light: 'file:../nodes/PaymentStatusMapper/mapper.svg', dark: 'file:../nodes/PaymentStatusMapper/mapper.dark.svg' };

	documentationUrl = 'https://github.com/1oT/n8n-nodes-1ot#mollie-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'live_…',
			description: 'Mollie Dashboard → Developers → API keys: the live key (live_…) or the test key (test_…) of the profile',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: 'https://api.mollie.com/v2',
			url: '/methods',
		},
	};
}
