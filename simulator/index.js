'use strict';
/**
 * 1oT Terminal simulator: a local stand-in for the 1oT Terminal REST API (`https://api.1ot.mobi/v1`).
 *
 * ```js
 * const { startSimulator, createFleet } = require('./simulator');
 * const sim = await startSimulator({ fleet: { count: 2500, seed: 7 }, pendingDelayMs: 50 });
 * // sim.baseUrl → 'http://127.0.0.1:<port>/v1', sim.credentials → { username, password }
 * await sim.close();
 * ```
 *
 * @typedef {object} SimulatorHandle
 * @property {string} url `http://127.0.0.1:<port>`
 * @property {string} baseUrl `url + '/v1'` (what goes into the credential's base URL)
 * @property {number} port
 * @property {{username: string, password: string}} credentials
 * @property {() => Promise<void>} close
 * @property {() => Object<string, {primary: string, secondary: string}>} states every SIM's status (due PENDINGs settled first)
 * @property {(iccid: string) => object|null} getSim the SIM object as the API shows it
 * @property {(iccid: string, patch: object) => object} setSim change fields (group, imei, name, status, ...)
 * @property {(iccid: string, primary: string, secondary?: string, options?: {settleAfterMs?: number}) => object} setStatus
 *   set a status directly; `PENDING`/X settles after `settleAfterMs` (default: the pending delay; Infinity or -1: never)
 * @property {() => void} settleAll settle every pending change now
 * @property {() => string[]} iccids all ICCIDs in account order
 * @property {() => object[]} requests `/v1` request log `{method, path, query, status, iccids, at}` (newest `requestLogLimit`)
 * @property {() => {total: number, byPath: Object<string, number>, byStatus: Object<string, number>}} counts
 * @property {() => void} resetRequests clears the log and the counts
 * @property {(faults: object|object[]) => void} injectFaults
 * @property {() => void} clearFaults
 * @property {() => object[]} pendingFaults faults not used up yet
 * @property {() => void} expireTokens every access token issued so far answers 401 from now on
 * @property {() => string[]} issuedTokens every access and refresh token issued (to prove none leaks into an output)
 * @property {(ms: number) => void} setLatency
 * @property {(ms: number) => void} setPendingDelay
 * @property {(limit: {requests: number, perMs: number}|null) => void} setRateLimit
 * @property {(on: boolean) => void} setDiagnosticsEnabled
 * @property {(alert: {iccid?: string, trigger: string, timestamp?: number, is_read?: boolean}) => object} addAlert
 * @property {() => object[]} alerts every stored alert
 * @property {() => {iccid: string, message: string, at: number}[]} sentSms
 * @property {() => {method: string, path: string, headers: object, body: any, at: number}[]} operatorCalls
 * @property {() => void} resetOperatorCalls
 * @property {import('node:http').Server} server
 * @property {import('./terminal').Terminal} terminal the in-memory account (advanced use)
 *
 * @module simulator
 */
const { startSimulator } = require('./server');
const { createFleet, demoFleet, DEMO_FLEET, luhnDigit, luhnValid } = require('./fleet');

module.exports = { startSimulator, createFleet, demoFleet, DEMO_FLEET, luhnDigit, luhnValid };
