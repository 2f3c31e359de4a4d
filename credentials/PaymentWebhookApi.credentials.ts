import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * How a payment gateway's webhooks prove who sent them to the Payment Webhook Trigger: the gateway's signing
 * secret (Paddle, GoCardless, Lemon Squeezy, any HMAC signer) or the user and password Chargebee sends as HTTP
 * Basic auth. n8n is the receiver here, so nothing remote is called; the trigger tests the credential itself
 * (`testedBy`: can it verify anything?).
 */
export class PaymentWebhookApi implements ICredentialType {
	name = 'paymentWebhookApi';

	displayName = 'Payment Webhook API';

	icon: Icon = { light: 'file:../nodes/PaymentWebhookTrigger/paymentWebhook.svg', dark: 'file:../nodes/PaymentWebhookTrigger/paymentWebhook.dark.svg' };

	documentationUrl = 'https://github.com/1oT/n8n-nodes-1ot#payment-webhook-api';

	properties: INodeProperties[] = [
		{
			displayName:
				'Copy the secret from the gateway\'s webhook settings (or choose the user and password you enter there for Chargebee). A request that does not prove it comes from the gateway gets 401/403 and starts nothing.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			options: [
				{ name: 'Chargebee (Basic Auth)', value: 'chargebee' },
				{ name: 'Generic HMAC', value: 'genericHmac', description: 'Any sender that signs the body with an HMAC' },
				{ name: 'GoCardless', value: 'gocardless' },
				{ name: 'Lemon Squeezy', value: 'lemonSqueezy' },
				{ name: 'Paddle Billing', value: 'paddle' },
			],
			default: 'paddle',
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { provider: ['paddle', 'gocardless', 'lemonSqueezy', 'genericHmac'] } },
			description:
				'The signing secret: Paddle\'s notification destination secret key (pdl_ntfset_…), GoCardless\'s webhook endpoint secret, Lemon Squeezy\'s signing secret, or your sender\'s HMAC key',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { provider: ['chargebee'] } },
			description: 'The user entered in Chargebee\'s webhook settings ("Protect webhook URL with basic authentication")',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { provider: ['chargebee'] } },
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-Signature',
			required: true,
			displayOptions: { show: { provider: ['genericHmac'] } },
			description: 'The request header that carries the signature',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'SHA-1', value: 'sha1' },
				{ name: 'SHA-256', value: 'sha256' },
				{ name: 'SHA-512', value: 'sha512' },
			],
			default: 'sha256',
			displayOptions: { show: { provider: ['genericHmac'] } },
		},
		{
			displayName: 'Encoding',
			name: 'encoding',
			type: 'options',
			options: [
				{ name: 'Hex', value: 'hex' },
				{ name: 'Base64', value: 'base64' },
			],
			default: 'hex',
			displayOptions: { show: { provider: ['genericHmac'] } },
			description: 'How the signature is written in the header',
		},
		{
			displayName: 'Signature Prefix',
			name: 'signaturePrefix',
			type: 'string',
			default: '',
			placeholder: 'sha256=',
			displayOptions: { show: { provider: ['genericHmac'] } },
			description: 'Text before the signature in the header, if any (e.g. "sha256=" or "v1=")',
		},
		{
			displayName: 'Timestamp Header',
			name: 'timestampHeader',
			type: 'string',
			default: '',
			placeholder: 'X-Timestamp',
			displayOptions: { show: { provider: ['genericHmac'] } },
			description:
				'Optional: the header with the time of signing (Unix seconds or milliseconds, or an ISO date). When set, the signed content includes it and old requests are refused.',
		},
		{
			displayName: 'Signed Content',
			name: 'signedContent',
			type: 'string',
			default: '{timestamp}.{body}',
			displayOptions: { show: { provider: ['genericHmac'] } },
			description:
				'With a timestamp header: what the sender signs, {timestamp} and {body} standing for the header\'s text and the raw body (e.g. "{timestamp}.{body}" or "v0:{timestamp}:{body}"). Without one, the raw body alone is signed.',
		},
		{
			displayName: 'Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			displayOptions: { show: { provider: ['paddle', 'genericHmac'] } },
			description:
				'How far the signed time may be from now, either way. Older requests are refused as replays.',
		},
	];
}
