// n8n-core reads N8N_USER_FOLDER when it loads; keep it out of the user's home and out of the repository.
const os = require('os');
const path = require('path');
process.env.N8N_USER_FOLDER = process.env.N8N_USER_FOLDER || path.join(os.tmpdir(), 'n8n-nodes-1ot-test-home');
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
