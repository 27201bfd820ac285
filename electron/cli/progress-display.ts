import type { BuildEvent, NodeBuildEvent, ParameterProgress } from '../../shared/build-types.js';
import { parameterProgressText } from '../../shared/parameter-progress.js';

const statusWords: Record<NodeBuildEvent['status'], string> = {
  queued: 'queued', started: 'started', built: 'built', reused: 'reused', failed: 'FAILED', skipped: 'skipped', carried: 'kept',
};

/**
 * Build progress on the command line: on a terminal, finished nodes scroll above one live status
 * line; otherwise (CI logs, pipes) one plain line per finished node.
 */
export class ProgressDisplay {
  private readonly total = new Set<string>();
  private readonly done = new Set<string>();
  private readonly running = new Set<string>();
  private statusShown = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly live = Boolean(out.isTTY)) {}

  onEvent = (event: BuildEvent): void => {
    if (event.type === 'phase') {
      if (event.phase !== 'building') this.line(`[${event.env}] ${event.message}`);
      return;
    }
    const key = `${event.env}/${event.node}`;
    this.total.add(key);
    if (event.status === 'queued') return this.status();
    if (event.status === 'started') {
      this.running.add(key);
      if (event.values) this.line(valuesLine(event.node, event.values));
      return this.status();
    }
    this.running.delete(key);
    this.done.add(key);
    const rows = event.rows !== undefined ? ` ${event.rows.toLocaleString('en-US')} rows` : '';
    const ms = event.ms !== undefined ? ` ${event.ms} ms` : '';
    const why = event.error ? `\n    ${event.error.replaceAll('\n', '\n    ')}` : event.because ? ` (upstream ${event.because} failed)` : '';
    this.line(`${String(this.done.size).padStart(4)}/${this.total.size} ${statusWords[event.status].padEnd(7)} ${event.node}${rows}${ms}${why}`);
  };

  finish(): void {
    this.clearStatus();
  }

  private line(text: string): void {
    this.clearStatus();
    this.out.write(`${text}\n`);
    this.status();
  }

  private status(): void {
    if (!this.live) return;
    const names = [...this.running].map((k) => k.split('/').slice(1).join('/')).slice(0, 3).join(', ');
    this.clearStatus();
    this.out.write(`building ${this.done.size}/${this.total.size}${names ? `: ${names}` : ''}`);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (this.live && this.statusShown) {
      this.out.write('\r\x1b[2K');
      this.statusShown = false;
    }
  }
}

/** A parametric model's plan, then one line per value computed, with its rows and time. */
function valuesLine(node: string, p: ParameterProgress): string {
  const rows = p.rows !== undefined ? `; ${p.rows.toLocaleString('en-US')} rows` : '';
  return `         ${node} ${parameterProgressText(p)}${rows}${p.ms !== undefined ? ` in ${p.ms} ms` : ''}`;
}
