import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { connectionProblem } from '../nodes/shared/oneot/connectionProblem';

/**
 * The 1oT Terminal API signs calls with a bearer token from an OAuth2 *password* grant, which n8n's
 * oAuth2Api does not offer. So the token lives in a hidden, expirable field: n8n calls
 * `preAuthentication` when that field is empty and again when a call answers 401, and stores the result.
 */
export class OneOtTerminalApi implements ICredentialType {
	name = 'oneOtTerminalApi';

	displayName = '1oT Terminal API';

	icon: Icon = { light: 'file:../icons/oneot.svg', dark: 'file:../icons/oneot.dark.svg' };

	documentationUrl = 'https://github.com/1oT/n8n-nodes-1ot#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'API_USER_123456',
			description: 'The username shown in the 1oT Terminal under Apps → API',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API password generated in the 1oT Terminal under Apps → API (shown only once)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.1ot.mobi/v1',
			description: 'The API root, including the version. Change it only for a test server such as the bundled simulator.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
		const username = String(credentials.username ?? '');
		let response: { access_token?: unknown };
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl}/oauth/token`,
				qs: {
					grant_type: 'password',
					client_id: username,
					username,
					password: String(credentials.password ?? ''),
				},
				json: true,
			})) as { access_token?: unknown };
		} catch (error) {
			// The request carried the password in its query string: never let the HTTP library's error
			// (which keeps the full request) travel on into logs or execution data.
			const status = (error as { response?: { status?: number } }).response?.status;
			const refused = status !== undefined && status >= 400 && status < 500 && status !== 429;
			const problem = status ? null : connectionProblem(error, baseUrl);
			const failure = new Error(
				refused
					? `The 1oT Terminal refused the username or password (HTTP ${status}). Check the credential "1oT Terminal API".`
					: problem
						? `Could not get a token from the 1oT Terminal at ${baseUrl}: ${problem}. Check the Base URL.`
						: `Could not get a token from the 1oT Terminal at ${baseUrl}${status ? ` (HTTP ${status})` : ''}.`,
			);
			// Read by the node's transport: a token that could not be had this time (no answer, 5xx, 429, a dropped
			// connection) is worth another try, as nothing was sent to the API yet; a refusal, or a Base URL that
			// cannot work (no such host, not a URL, a certificate refused), is not.
			const hopeless = refused || (problem !== null && /not a valid URL|was not found|TLS certificate/.test(problem));
			Object.assign(failure, { oneOtToken: hopeless ? 'refused' : 'unavailable', oneOtTokenStatus: status ?? null });
			throw failure;
		}
		if (typeof response?.access_token !== 'string' || response.access_token === '') {
			throw new Error(`The 1oT Terminal at ${baseUrl} answered the token request without an access token.`);
		}
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/get_account_groups',
			method: 'GET',
		},
	};
}
