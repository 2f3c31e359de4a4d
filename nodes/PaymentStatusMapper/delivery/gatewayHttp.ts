/**
 * The HTTP side of Confirm With Gateway: n8n's own authenticated request helper with the package's credentials
 * (Stripe: `stripeReadApi`, Bearer secret key; Braintree: `braintreeApi`, Basic public:private key), so that n8n
 * applies the credential and keeps it out of logs. Errors become plain words: the gateway's status and message,
 * never a header or a key.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { parseBraintreeXml } from '../../BraintreeTrigger/xml';
import { type GatewayRead, GatewayReadError } from './confirm';

const STRIPE_API = 'https://api.stripe.com';
const MOLLIE_API = 'https://api.mollie.com';
const BRAINTREE_API = { production: 'https://api.braintreegateway.com:443', sandbox: 'https://api.sandbox.braintreegateway.com:443' };
const TIMEOUT_MS = 30_000;

/** Anything that looks like a key or a token is cut out of a message before it is shown. */
function redact(text: string): string {
	return text.replace(/\b(sk|rk|pk|whsec)_[A-Za-z0-9_]+/g, '$1_…').replace(/(Bearer|Basic)\s+[A-Za-z0-9+/=._-]+/gi, '$1 …');
}

function describe(error: unknown): GatewayReadError {
	const e = (error ?? {}) as IDataObject & { httpCode?: unknown; description?: unknown; message?: unknown };
	const status = Number(e.httpCode ?? (e.response as IDataObject | undefined)?.status);
	const said = typeof e.description === 'string' && e.description ? e.description : typeof e.message === 'string' ? e.message : String(error);
	const code = Number.isFinite(status) && status > 0 ? status : null;
	return new GatewayReadError(redact(`${code ? `HTTP ${code}` : 'no answer'}: ${said}`).slice(0, 300), code);
}

function notXml(error: unknown): GatewayReadError {
	return new GatewayReadError(`the answer is not Braintree XML (${error instanceof Error ? error.message : String(error)})`, null);
}

function trimSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

/** A GatewayRead for one item of this execution. */
export function gatewayReader(ctx: IExecuteFunctions, itemIndex: number, baseUrl: string): GatewayRead {
	let braintreeMerchant: string | null = null;
	let braintreeBase: string | null = null;
	const request = async (credential: string, options: IHttpRequestOptions): Promise<unknown> => {
		try {
			return await ctx.helpers.httpRequestWithAuthentication.call(ctx, credential, { timeout: TIMEOUT_MS, ...options });
		} catch (error) {
			throw describe(error);
		}
	};
	return async (gateway, path, qs) => {
		if (gateway === 'stripe') {
			const url = `${trimSlash(baseUrl || STRIPE_API)}${path}`;
			return await request('stripeReadApi', { method: 'GET', url, qs: qs as IDataObject | undefined, json: true });
		}
		if (gateway === 'mollie') {
			const url = `${trimSlash(baseUrl || MOLLIE_API)}${path}`;
			return await request('mollieApi', { method: 'GET', url, qs: qs as IDataObject | undefined, json: true });
		}
		if (braintreeMerchant === null || braintreeBase === null) {
			const credentials = await ctx.getCredentials('braintreeApi', itemIndex);
			braintreeMerchant = String(credentials.merchantId ?? '');
			braintreeBase = trimSlash(baseUrl || (credentials.environment === 'production' ? BRAINTREE_API.production : BRAINTREE_API.sandbox));
		}
		const url = `${braintreeBase}/merchants/${encodeURIComponent(braintreeMerchant)}${path}`;
		const xml = await request('braintreeApi', {
			method: 'GET',
			url,
			qs: qs as IDataObject | undefined,
			headers: { Accept: 'application/xml', 'X-ApiVersion': '6' },
			json: false,
		});
		try {
			return parseBraintreeXml(typeof xml === 'string' ? xml : String(xml));
		} catch (error) {
			throw notXml(error);
		}
	};
}
