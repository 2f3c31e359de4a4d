const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
	const dist = path.join(__dirname, '..', '..', 'dist', 'nodes');
	if (!fs.existsSync(dist)) {
		throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`.');
	}
	fs.mkdirSync(path.join(os.tmpdir(), 'n8n-nodes-1ot-test-home'), { recursive: true });
};
