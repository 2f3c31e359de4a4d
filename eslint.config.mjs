// Lint: n8n's own rules for community nodes (the ones its verification scanner applies) on the shipped
// code, and plain recommended rules on the tooling around it (tests, simulator, scripts).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// Three rules of the older plugin contradict the newer one (which wants NodeConnectionTypes and allows a
// documentation URL): the newer one wins, as in n8n's own node-cli configuration.
const superseded = {
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
	'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
};
const nodesBase = (name) => ({
	plugins: { 'n8n-nodes-base': n8nNodesBase },
	rules: { ...n8nNodesBase.configs[name].rules, ...superseded },
});

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },

	// The package: nodes and credentials, as n8n's scanner lints them.
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, ...tseslint.configs.recommended, n8nCommunityNodesPlugin.configs.recommended],
		rules: {
			'no-console': 'error',
			// Operation maps hold operations of different input types.
			'@typescript-eslint/no-explicit-any': 'off',
		},
	},
	{ files: ['nodes/**/*.node.ts'], ...nodesBase('nodes') },
	{ files: ['credentials/**/*.credentials.ts'], ...nodesBase('credentials') },
	{ files: ['package.json'], languageOptions: { parser: tseslint.parser }, ...nodesBase('community') },

	// Tooling: CommonJS on Node.
	{
		files: ['**/*.js', '**/*.cjs'],
		extends: [js.configs.recommended],
		languageOptions: {
			sourceType: 'commonjs',
			ecmaVersion: 2023,
			globals: { ...globals.node, ...globals.jest },
		},
		rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
	},
);
