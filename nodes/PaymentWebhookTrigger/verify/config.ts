/**
 * The `paymentWebhookApi` credential's data, read into one checked shape. A credential that cannot verify
 * anything (no secret, an unknown algorithm) is refused here, so that no request is ever accepted unverified.
 */

export const PROVIDERS = ['paddle', 'gocardless', 'chargebee', 'lemonSqueezy', 'genericHmac'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const ALGORITHMS = ['sha256', 'sha1', 'sha512'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

export const ENCODINGS = ['hex', 'base64'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_SIGNED_CONTENT = '{timestamp}.{body}';

export interface GenericHmacConfig {
	signatureHeader: string;
	algorithm: Algorithm;
	encoding: Encoding;
	signaturePrefix: string;
	timestampHeader: string;
	signedContent: string;
}

export type WebhookConfig =
	| { provider: 'paddle'; secret: string; toleranceSeconds: number }
	| { provider: 'gocardless' | 'lemonSqueezy'; secret: string }
	| { provider: 'chargebee'; user: string; password: string }
	| ({ provider: 'genericHmac'; secret: string; toleranceSeconds: number } & GenericHmacConfig);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function tolerance(value: unknown, problems: string[]): number {
	if (value === undefined || value === null || value === '') return DEFAULT_TOLERANCE_SECONDS;
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0) problems.push('Tolerance (Seconds) must be a number above 0.');
	return n;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T, label: string, problems: string[]): T {
	const v = value === undefined || value === null || value === '' ? fallback : String(value);
	if (!(allowed as readonly string[]).includes(v)) problems.push(`${label} "${v}" is not one of ${allowed.join(', ')}.`);
	return v as T;
}

function headerName(value: unknown, fallback: string, label: string, problems: string[]): string {
	const name = text(value).trim() || fallback;
	if (name !== '' && !HEADER_NAME.test(name)) problems.push(`${label} "${name}" is not a valid HTTP header name.`);
	return name;
}

/** The credential as a config, or the list of what is wrong with it (never echoing a secret). */
export function readConfig(data: Record<string, unknown>): { config: WebhookConfig; problems: [] } | { config?: undefined; problems: string[] } {
	const problems: string[] = [];
	const provider = oneOf(data.provider, PROVIDERS, 'paddle', 'Provider', problems);
	if (problems.length) return { problems };
	const secret = text(data.secret);
	const needSecret = () => {
		if (secret === '') problems.push('The secret is empty.');
	};

	let config: WebhookConfig;
	switch (provider) {
		case 'chargebee': {
			const user = text(data.user);
			const password = text(data.password);
			if (user === '') problems.push('The user is empty.');
			if (user.includes(':')) problems.push('The user must not contain ":" (HTTP Basic cannot carry it).');
			if (password === '') problems.push('The password is empty.');
			config = { provider, user, password };
			break;
		}
		case 'paddle':
			needSecret();
			config = { provider, secret, toleranceSeconds: tolerance(data.toleranceSeconds, problems) };
			break;
		case 'gocardless':
		case 'lemonSqueezy':
			needSecret();
			config = { provider, secret };
			break;
		case 'genericHmac': {
			needSecret();
			const timestampHeader = headerName(data.timestampHeader, '', 'Timestamp Header', problems);
			const signedContent = text(data.signedContent) || DEFAULT_SIGNED_CONTENT;
			if (timestampHeader !== '' && (!signedContent.includes('{timestamp}') || !signedContent.includes('{body}'))) {
				problems.push('Signed Content must contain {timestamp} and {body} when a Timestamp Header is set.');
			}
			config = {
				provider,
				secret,
				signatureHeader: headerName(data.signatureHeader, '', 'Signature Header', problems),
				algorithm: oneOf(data.algorithm, ALGORITHMS, 'sha256', 'Algorithm', problems),
				encoding: oneOf(data.encoding, ENCODINGS, 'hex', 'Encoding', problems),
				signaturePrefix: text(data.signaturePrefix),
				timestampHeader,
				signedContent,
				toleranceSeconds: tolerance(data.toleranceSeconds, problems),
			};
			if (config.signatureHeader === '') problems.push('The signature header is empty.');
			break;
		}
	}
	return problems.length ? { problems } : { config, problems: [] };
}
