'use strict';
/*
 * Takes a picture of one workflow in the n8n editor with headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core). Logs in over REST (POST /rest/login) and hands the auth cookie to the browser, opens
 * /workflow/<id>, closes whatever modal or toast n8n shows, zooms to fit and saves a PNG.
 *
 *   const { captureWorkflow } = require('./capture');
 *   await captureWorkflow({ baseUrl, email, password, workflowId, out: 'docs/stripe-template.png' });
 */
const fs = require('node:fs');
const path = require('node:path');

const { openEditor, restLogin, CHROMIUM, CHROMIUM_ARGS } = require('../e2e/browser');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @param {object} o
 * @param {string} o.baseUrl      n8n, e.g. http://127.0.0.1:5678
 * @param {string} o.email        an n8n user
 * @param {string} o.password
 * @param {string} o.workflowId
 * @param {string} o.out          PNG path
 * @param {number} [o.width=1400]
 * @param {number} [o.height=800]
 * @param {number} [o.scale=1]    device scale factor (2 = sharper, twice the pixels)
 * @param {boolean} [o.hideStickyNotes=false]
 * @param {number} [o.panX=0]    pixels to scroll the canvas after zoom to fit (positive: the picture moves left)
 * @param {number} [o.panY=0]
 * @param {(msg: string) => void} [o.log]
 */
async function captureWorkflow({ baseUrl, email, password, workflowId, out, width = 1400, height = 800, scale = 1, hideStickyNotes = false, panX = 0, panY = 0, log = () => {} }) {
	const editor = await openEditor({ baseUrl, email, password, width, height, scale });
	try {
		const { page } = editor;
		// Skip the editor's first-visit tours and announcements where n8n keeps that in localStorage.
		await page.addInitScript(() => {
			try {
				const ls = globalThis.localStorage;
				ls.setItem('N8N_HIDE_TEMPLATES_ON_CANVAS', 'true');
				ls.setItem('n8n-canvas-onboarding-dismissed', 'true');
			} catch {
				/* not available */
			}
		});
		log(`opening ${baseUrl}/workflow/${workflowId}`);
		await page.goto(`${baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded', timeout: 60000 });
		await page.waitForSelector('.vue-flow__node', { timeout: 60000 });
		await sleep(1500); // fonts, icons and edges settle
		await tidy(page, { hideStickyNotes });
		await zoomToFit(page);
		await sleep(800);
		if (panX || panY) {
			// nudge the view (a wheel scroll pans the canvas), e.g. away from the floating toolbar on the right
			await page.mouse.move(Math.round(width / 2), 110); // the empty band under the header, over no node
			await page.mouse.wheel(panX, panY);
			await page.mouse.move(2, 2);
			await sleep(500);
		}
		await tidy(page, { hideStickyNotes });
		fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
		await page.screenshot({ path: out });
		log(`saved ${out}`);
		return out;
	} finally {
		await editor.close();
	}
}

/** Closes modals and toasts, hides hover-only chrome. */
async function tidy(page, { hideStickyNotes }) {
	for (let i = 0; i < 3; i++) {
		await page.keyboard.press('Escape').catch(() => {});
		await sleep(150);
	}
	await page.evaluate(
		({ hideStickyNotes: hide }) => {
			const doc = globalThis.document;
			const remove = (sel) => doc.querySelectorAll(sel).forEach((el) => el.remove());
			remove('.el-notification');
			remove('.el-message');
			remove('.el-overlay');
			remove('.el-overlay-dialog');
			remove('.v-modal');
			if (hide) {
				doc.querySelectorAll('.vue-flow__node').forEach((el) => {
					if (el.querySelector('[data-test-id="sticky"], .sticky')) el.style.display = 'none';
				});
			}
		},
		{ hideStickyNotes },
	);
	await page.mouse.move(2, 2);
}

/** The editor's own "zoom to fit" (the button, else the `1` shortcut). */
async function zoomToFit(page) {
	const button = page.locator('[data-test-id="zoom-to-fit"]').first();
	if (await button.count()) {
		await button.click().catch(() => {});
		await page.evaluate(() => globalThis.document.activeElement && globalThis.document.activeElement.blur());
	} else {
		await page.locator('.vue-flow__pane').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
		await page.keyboard.press('1');
	}
}

module.exports = { captureWorkflow, restLogin, CHROMIUM, CHROMIUM_ARGS };
