/** Tests are plain JavaScript against the compiled package in dist/ (what n8n loads) and the simulator. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 60000,
	// n8n-core writes its config into N8N_USER_FOLDER; the global setup points it at a scratch folder.
	globalSetup: '<rootDir>/test/helpers/globalSetup.js',
	setupFiles: ['<rootDir>/test/helpers/env.js'],
};
