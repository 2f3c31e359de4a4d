'use strict';
/*
 * Resident memory of whole process groups (an n8n instance is its main process plus its task runner), sampled from
 * /proc on an interval; keeps each group's peak. Linux only.
 *
 *   const mem = watchMemory({ 'worker-1': pid1, main: pid2 }, { everyMs: 500 });
 *   mem.add('worker-3', pid3);  mem.peaks() → { 'worker-1': bytes, ... };  mem.stop();
 */
const fs = require('node:fs');

const PAGE = 4096;

/** Sum of RSS (bytes) of every process whose process group is `pgid`. */
function groupRss(pgid) {
	let total = 0;
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue; // gone meanwhile
		}
		// the command name may hold spaces and parentheses: fields start after the last ')'
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid) total += Number(fields[21]) * PAGE;
	}
	return total;
}

function watchMemory(groups = {}, { everyMs = 500 } = {}) {
	const watched = new Map(Object.entries(groups));
	const peaks = {};
	const sample = () => {
		for (const [name, pgid] of watched) {
			const rss = groupRss(pgid);
			if (rss > (peaks[name] || 0)) peaks[name] = rss;
		}
	};
	sample();
	const timer = setInterval(sample, everyMs);
	timer.unref();
	return {
		add(name, pgid) {
			watched.set(name, pgid);
		},
		peaks: () => ({ ...peaks }),
		stop() {
			clearInterval(timer);
			sample();
			return { ...peaks };
		},
	};
}

module.exports = { watchMemory, groupRss };
