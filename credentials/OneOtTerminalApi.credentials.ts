import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { grantedFor, requestToken, type TokenPost } from '../nodes/shared/oneot/token';

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
		{
			displayName: 'Granted For',
			name: 'grantedFor',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const post: TokenPost = async (url, qs) => await this.helpers.httpRequest({ method: 'POST', url, qs, json: true });
		const accessToken = await requestToken(post, credentials);
		return { accessToken, grantedFor: grantedFor(credentials, accessToken) };
	}

	// Bearer <token>, but only a token granted for the values the credential holds now (see grantedFor).
	authenticate: IAuthenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions) => {
		const token = String(credentials.accessToken ?? '');
		if (token === '' || credentials.grantedFor !== grantedFor(credentials, token)) return requestOptions;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` } };
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/get_account_groups',
			method: 'GET',
		},
	};
}
