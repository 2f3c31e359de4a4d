/**
 * A credentials helper for the in-process n8n engine that behaves like n8n's own (packages/cli
 * `CredentialsHelper`), with an in-memory store of the test's credential data in place of the database.
 *
 * Store: a plain object keyed by credential type name (`{ oneOtTerminalApi: { username, ... } }`), or by the
 * credential id that a node names in `node.credentials[type].id` when a workflow needs two credentials of the same
 * type. The key by id wins when both exist.
 *
 * What it copies from n8n: `getDecrypted` (a copy of the stored data, defaults of the credential type's properties
 * filled in, `=` expressions resolved), `authenticate` (generic `headers`/`qs`/`body`/`auth` with expressions
 * resolved by n8n-workflow's resolver, or the type's `authenticate` function), `preAuthentication` (the hidden
 * property with `typeOptions.expirable`, the call with `this = { helpers: { httpRequest } }` when that property is
 * empty or the credentials expired, the output written back to the store), `getParentTypes`,
 * `getCredentialsProperties`, `isCredentialUsableByNode`, `updateCredentials`, `updateCredentialsOauthTokenData`.
 * What it leaves out: encryption, credential overwrites, external secrets, dynamic (per-user) credentials,
 * project/policy checks.
 */
// n8n's logger prints every node error; keep test output quiet unless N8N_LOG_LEVEL asks for more.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'silent';
const {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	UnexpectedError,
	UserError,
	deepCopy,
	isExpression,
	getCredentialOwnRequestAllowedDomains,
} = require('n8n-workflow');
const { getAdditionalKeys } = require('n8n-core');

const mockNode = { name: '', typeVersion: 1, type: 'mock', position: [0, 0], parameters: {} };
const emptyNodeTypes = {
	getByName: () => undefined,
	getByNameAndVersion: () => undefined,
	getKnownTypes: () => ({}),
};

/** As n8n: a credential's preAuthentication sees only `helpers.httpRequest`, restricted to its allowed domains. */
function restrictToCredentialDomains(helpers, credentials) {
	return {
		helpers: {
			httpRequest: async (requestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains
					? getCredentialOwnRequestAllowedDomains(credentials)
					: undefined;
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}

class TestCredentialsHelper extends ICredentialsHelper {
	/**
	 * @param {import('./node-types').CredentialTypesRegistry} credentialTypes
	 * @param {Record<string, object>} store credential data (it is used as is and updated in place: pass a copy)
	 */
	constructor(credentialTypes, store = {}) {
		super();
		this.credentialTypes = credentialTypes;
		this.store = store;
		/** What happened, in order: `{ event: 'getDecrypted'|'preAuthentication'|'update', type, ... }`. */
		this.log = [];
	}

	storeKey(nodeCredentials, type) {
		const id = nodeCredentials?.id;
		if (id !== undefined && id !== null && Object.prototype.hasOwnProperty.call(this.store, id)) return id;
		if (Object.prototype.hasOwnProperty.call(this.store, type)) return type;
		throw new UserError(
			`Credential with ID "${id}" does not exist for type "${type}". The test passed credentials for: ${
				Object.keys(this.store).join(', ') || 'none'
			}.`,
		);
	}

	/** As n8n: returns a `Credentials`-like object for the stored data. */
	async getCredentials(nodeCredentials, type) {
		const key = this.storeKey(nodeCredentials, type);
		const store = this.store;
		return {
			id: nodeCredentials?.id ?? key,
			name: nodeCredentials?.name ?? key,
			type,
			getData: async () => deepCopy(store[key]),
		};
	}

	async authenticate(credentials, typeName, incomingRequestOptions, workflow, node) {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);
		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				return await credentialType.authenticate(credentials, requestOptions);
			}
			if (typeof credentialType.authenticate === 'object') {
				if (!workflow || !node) {
					throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
				}
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};
				if (authenticate.type === 'generic') {
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue)) {
							const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
							const valueResolved = this.resolveValue(value, { $credentials: credentials }, workflow, node);
							if (!requestOptions[outerKey]) requestOptions[outerKey] = {};
							requestOptions[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// n8n's credential test runs through a mock noOp node with `temp: ''`.
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication === 'function') {
			if (credentials[expirableProperty.name] === '' || credentialsExpired || isTestingCredentials) {
				this.log.push({ event: 'preAuthentication', type: typeName, node: node?.name, expired: !!credentialsExpired });
				const output = await credentialType.preAuthentication.call(
					restrictToCredentialDomains(helpers, credentials),
					credentials,
				);
				if (output[expirableProperty.name] === undefined) return undefined;
				if (node.credentials) {
					const nodeCredentials = node.credentials[credentialType.name];
					const storedData = await (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
					const dataToPersist = { ...storedData };
					for (const [key, value] of Object.entries(output)) {
						if (key === expirableProperty.name || !isExpression(storedData[key])) dataToPersist[key] = value;
					}
					await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
					return Object.assign(credentials, output);
				}
			}
		}
		return undefined;
	}

	async runPreAuthentication(helpers, credentials, typeName) {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return output ?? undefined;
	}

	resolveValue(parameterValue, additionalKeys, workflow, node) {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	getParentTypes(typeName) {
		return this.credentialTypes.getParentTypes(typeName);
	}

	isCredentialUsableByNode(credentialType, nodeType) {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	getCredentialsProperties(type) {
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData.extends === undefined) {
			if (['oAuth1Api', 'oAuth2Api'].includes(type)) {
				return [
					...credentialTypeData.properties,
					{ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', required: false, default: {} },
				];
			}
			return credentialTypeData.properties;
		}
		const combineProperties = [];
		for (const credentialsTypeName of credentialTypeData.extends) {
			NodeHelpers.mergeNodeProperties(combineProperties, this.getCredentialsProperties(credentialsTypeName));
		}
		NodeHelpers.mergeNodeProperties(combineProperties, credentialTypeData.properties);
		return combineProperties;
	}

	async getDecrypted(
		additionalData,
		nodeCredentials,
		type,
		mode,
		executeData,
		raw,
		expressionResolveValues,
	) {
		const key = this.storeKey(nodeCredentials, type);
		this.log.push({ event: 'getDecrypted', type, node: executeData?.node?.name });
		const decryptedDataOriginal = deepCopy(this.store[key]);
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async applyDefaultsAndOverwrites(
		additionalData,
		decryptedDataOriginal,
		type,
		mode,
		executeData,
		expressionResolveValues,
	) {
		const credentialsProperties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			{ ...decryptedDataOriginal },
			true,
			false,
			null,
			null,
		);
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}
		for (const field of ['allowedHttpRequestDomains', 'allowedDomains']) {
			if (decryptedData[field] === undefined && decryptedDataOriginal[field] !== undefined) {
				decryptedData[field] = decryptedDataOriginal[field];
			}
		}
		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				);
			} catch (e) {
				e.message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({ nodes: [mockNode], connections: {}, active: false, nodeTypes: emptyNodeTypes });
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			);
		}
		return decryptedData;
	}

	async updateCredentials(nodeCredentials, type, data) {
		const key = this.storeKey(nodeCredentials, type);
		this.log.push({ event: 'update', type, keys: Object.keys(data) });
		this.store[key] = deepCopy(data);
	}

	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		const key = this.storeKey(nodeCredentials, type);
		this.log.push({ event: 'update', type, keys: ['oauthTokenData'] });
		this.store[key] = { ...this.store[key], oauthTokenData: deepCopy(data.oauthTokenData) };
	}

	/** How many times preAuthentication ran (for a type, or in all). */
	preAuthenticationCount(type) {
		return this.log.filter((e) => e.event === 'preAuthentication' && (!type || e.type === type)).length;
	}
}

module.exports = { TestCredentialsHelper };
