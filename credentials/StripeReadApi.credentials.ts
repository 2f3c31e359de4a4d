import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A Stripe secret key for the Payment Status Mapper's "Confirm With Gateway": it reads subscriptions (and, for
 * disputes, the dispute, its charge, the invoice payment and the invoice) and changes nothing. n8n's own `stripeApi`
 * credential would serve at run time, but n8n's verification rules for community nodes only accept credentials
 * the package itself ships, so the package ships this one. A restricted key with read access is enough.
 */
export class StripeReadApi implements ICredentialType {
	name = 'stripeReadApi';

	displayName = 'Stripe Read API';

	icon: Icon = { light: 'file:../nodes/PaymentStatusMapper/mapper.svg', dark: 'file:../nodes/PaymentStatusMapper/mapper.dark.svg' };

	documentationUrl = 'https://github.com/1oT/n8n-nodes-1ot#stripe-read-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'rk_live_…',
			description:
				'A restricted key with Read access to Subscriptions, Invoices, Charges and Disputes is enough (Dashboard → Developers → API keys → Create restricted key); a secret key works too',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.secretKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: 'https://api.stripe.com/v1',
			url: '/subscriptions',
			qs: { limit: 1 },
		},
	};
}
