// Analytics: four cards, the daily chart (uPlot, served from the jar), the funnel; by range and project.
import { get, query } from './api.js';
import { el, replace, pageError } from './dom.js';
import { number } from './format.js';
import { projectSelect, toggleGroup, params, remember } from './filters.js';

const RANGES = [['7', '7 days'], ['14', '14 days'], ['30', '30 days'], ['90', '90 days']];

const UPLOT = '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

export async function analyticsPage(main) {
	const state = { days: params().get('days') || '7', project: params().get('project_id') || '' };
	if (!RANGES.some(([value]) => value === state.days)) {
		state.days = '7';
	}
	const content = el('div', { id: 'analytics-content', 'aria-live': 'polite' }, el('p', { class: 'muted' }, 'Loading analytics…'));
	const filters = el('div', { class: 'filters card' });
	replace(main, el('div', { class: 'page-header' }, el('h1', {}, 'Analytics')), filters, content);
	let chart;

	async function load() {
		remember({ days: state.days === '7' ? '' : state.days, project_id: state.project });
		let report;
		try {
			report = await get('/api/v1/dev/analytics' + query({ days: state.days, project_id: state.project }));
		} catch (error) {
			replace(content, pageError(error));
			return;
		}
		if (filters.childElementCount === 0) {
			replace(filters,
				toggleGroup('Range', RANGES, state.days, (value) => { state.days = value; load(); }, 'range-filter'),
				projectSelect(report.projects, state.project, (value) => { state.project = value; load(); }, 'All projects'));
		}
		chart?.destroy();
		chart = null;
		const chartBox = el('div', { class: 'chart', id: 'chart', role: 'img', 'aria-label': 'Daily sessions and confirmed sign-ins, ' + state.days + ' days' });
		replace(content,
			el('div', { class: 'cards' },
				card('Total sessions', number.format(report.total_sessions), 'total'),
				card('Confirmed', number.format(report.confirmed_sessions), 'confirmed'),
				card('Unique users', number.format(report.unique_users), 'unique'),
				card('Conversion', report.conversion_rate.toFixed(1) + ' %', 'conversion')),
			report.total_sessions === 0 ? emptyHint(report) : null,
			el('section', { class: 'card', 'aria-labelledby': 'chart-title' },
				el('h2', { id: 'chart-title' }, 'Daily sign-ins'), chartBox, dailyTable(report.daily)),
			funnel(report.funnel));
		chart = await drawChart(chartBox, report.daily);
	}

	window.addEventListener('resize', () => {
		const box = document.getElementById('chart');
		if (chart && box) {
			chart.setSize({ width: box.clientWidth, height: chartHeight() });
		}
	});
	await load();
}

function card(label, value, key) {
	return el('div', { class: 'stat card', id: 'stat-' + key }, el('div', { class: 'stat-label' }, label), el('div', { class: 'stat-value' }, value));
}

function emptyHint(report) {
	return el('p', { class: 'notice', id: 'analytics-empty' }, report.projects.length === 0
		? ['No data yet. ', el('a', { href: '/dashboard/projects/new' }, 'Create a project'), ' and start a sign-in.']
		: ['No sign-ins in this range yet. Sandbox projects let you start one from their project page.']);
}

function chartHeight() {
	return window.innerWidth < 600 ? 200 : 260;
}

const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** One point per UTC day; the x axis counts days (labelled with their dates) rather than hours. */
async function drawChart(box, daily) {
	const { default: uPlot } = await import(UPLOT);
	const label = (index) => {
		const day = daily[Math.round(index)];
		return day ? dayLabel.format(new Date(day.date + 'T00:00:00Z')) : '';
	};
	const options = {
		width: box.clientWidth || 600,
		height: chartHeight(),
		scales: { x: { time: false }, y: { range: (u, min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
		series: [
			{ label: 'Day', value: (u, index) => index == null ? '—' : daily[index].date },
			{ label: 'Sessions', stroke: '#2481cc', width: 2, fill: 'rgba(36, 129, 204, 0.08)', points: { size: 5 } },
			{ label: 'Confirmed', stroke: '#2e9e5b', width: 2, points: { size: 5 } },
		],
		axes: [
			{ stroke: '#52606d', space: 56, incrs: [1, 2, 3, 7, 14, 30], values: (u, splits) => splits.map(label) },
			{ stroke: '#52606d', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000], values: (u, splits) => splits.map((tick) => Number.isInteger(tick) ? String(tick) : '') },
		],
		legend: { live: false },
	};
	return new uPlot(options, [daily.map((day, index) => index), daily.map((day) => day.sessions), daily.map((day) => day.confirmed)], box);
}

function dailyTable(daily) {
	return el('details', { class: 'daily-table' }, el('summary', {}, 'Show as a table'),
		el('table', { class: 'table compact' },
			el('thead', {}, el('tr', {}, ['Day (UTC)', 'Sessions', 'Confirmed', 'Unique users'].map((title) => el('th', { scope: 'col' }, title)))),
			el('tbody', {}, daily.map((day) => el('tr', {},
				el('td', {}, day.date), el('td', { class: 'numeric' }, number.format(day.sessions)),
				el('td', { class: 'numeric' }, number.format(day.confirmed)), el('td', { class: 'numeric' }, number.format(day.unique_users)))))));
}

function funnel(data) {
	const steps = [['Requested', data.requested, 'requested'], ['Confirmed', data.confirmed, 'confirmed'], ['Expired', data.expired, 'expired'], ['Cancelled', data.cancelled, 'cancelled']];
	const max = Math.max(1, data.requested);
	return el('section', { class: 'card', 'aria-labelledby': 'funnel-title' },
		el('h2', { id: 'funnel-title' }, 'Funnel'),
		el('div', { class: 'funnel', id: 'funnel' }, steps.map(([label, value, key]) => el('div', { class: 'funnel-step ' + key },
			el('label', { for: 'funnel-' + key }, label),
			el('progress', { id: 'funnel-' + key, max: String(max), value: String(value) }, number.format(value)),
			el('span', { class: 'funnel-value' }, number.format(value),
				data.requested > 0 && key !== 'requested' ? el('span', { class: 'muted' }, ' · ' + (value * 100 / data.requested).toFixed(1) + ' %') : null)))));
}
