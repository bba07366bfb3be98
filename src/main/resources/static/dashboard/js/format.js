// Times and numbers as the dashboard shows them.
import { el } from './dom.js';

const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** "just now", "5m", "2h", "3d", then a date. */
export function relative(iso, now = Date.now()) {
	if (!iso) {
		return '—';
	}
	const seconds = Math.round((now - Date.parse(iso)) / 1000);
	if (seconds < 0) {
		return 'in ' + relativeSpan(-seconds);
	}
	if (seconds < 45) {
		return 'just now';
	}
	return relativeSpan(seconds) + ' ago';
}

function relativeSpan(seconds) {
	if (seconds < 3600) {
		return Math.max(1, Math.round(seconds / 60)) + 'm';
	}
	if (seconds < 86400) {
		return Math.round(seconds / 3600) + 'h';
	}
	if (seconds < 86400 * 60) {
		return Math.round(seconds / 86400) + 'd';
	}
	return Math.round(seconds / (86400 * 30)) + 'mo';
}

/** The exact time, local and UTC, for the hover title. */
export function exact(iso) {
	if (!iso) {
		return '';
	}
	const date = new Date(iso);
	return exactFormat.format(date) + ' (' + date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') + ')';
}

/** A <time> element: the relative time as text, the exact time on hover. */
export function timeElement(iso) {
	if (!iso) {
		return el('span', { class: 'muted' }, '—');
	}
	return el('time', { datetime: iso, title: exact(iso) }, relative(iso));
}

export const number = new Intl.NumberFormat('en');
