import type { TestResult, TestRunReport } from '../../../shared/test-types.js';
import { escapeHtml as esc } from './escape-html.js';
import { testAnchor } from './report-anchors.js';
import { formatNumber, stageTitles } from './report-groups.js';
import { statusIcon } from './status-icons.js';

/**
 * The top of the report: what a reviewer must look at first. The failing and erroring tests, then
 * the warnings, each a link to its row below with its stage, node and what went wrong; or, when
 * everything passed, a line that says so.
 */
export function attentionSection(report: TestRunReport): string {
  const failing = report.tests.filter((t) => t.status === 'fail' || t.status === 'error');
  const warnings = report.tests.filter((t) => t.status === 'warn');
  if (failing.length === 0 && warnings.length === 0) {
    return `<section class="attention clear" id="attention"><p>${statusIcon('pass')} Every test that ran passed: nothing needs attention.</p></section>`;
  }
  const list = (title: string, tests: TestResult[]) =>
    tests.length === 0 ? '' : `<h3>${title} <small>${tests.length}</small></h3><ul>${tests.map(entry).join('')}</ul>`;
  return `<section class="attention" id="attention"><h2>Needs attention</h2>${list('Failing', failing)}${list('Warnings', warnings)}</section>`;
}

function entry(t: TestResult): string {
  const measured = t.failing_rows ? `${formatNumber(t.failing_rows)} failing row${t.failing_rows === 1 ? '' : 's'}` : t.observed !== null ? `observed ${formatNumber(t.observed)}` : '';
  const what = t.message ?? [measured, t.threshold && `threshold ${t.threshold}`].filter(Boolean).join(' · ');
  return `<li>${statusIcon(t.status)} <a href="#${testAnchor(t.id)}">${esc(t.name)}</a> <small>${esc(stageTitles[t.stage])} · <code>${esc(t.node)}</code></small>${what ? `<div class="msg">${esc(what)}</div>` : ''}</li>`;
}
