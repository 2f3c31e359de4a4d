// A throwaway self-signed certificate for 127.0.0.1 (openssl), for stand-ins that must speak HTTPS because an
// official SDK refuses plain HTTP (Mollie's client).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

function selfSignedTls() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-'));
	try {
		const key = path.join(dir, 'key.pem');
		const cert = path.join(dir, 'cert.pem');
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
		return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { selfSignedTls };
