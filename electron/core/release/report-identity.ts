import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** What a report file says about itself: its hash, and the commit and environment it was made on. */
export interface ReportIdentity {
  sha256: string;
  commit: string | null;
  envFingerprint: string | null;
  /** The warehouse target the report's run was on; null for a local DuckDB environment. */
  target: string | null;
}

/** Reads a test report (JSON or HTML as Assay writes them). */
export async function identifyReport(file: string): Promise<ReportIdentity> {
  const bytes = await readFile(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const text = bytes.toString('utf8');
  try {
    const json = JSON.parse(text) as { commit?: unknown; env_fingerprint?: unknown; target?: { name?: unknown } };
    const target = typeof json.target?.name === 'string' ? json.target.name : null;
    return { sha256, commit: typeof json.commit === 'string' ? json.commit : null, envFingerprint: typeof json.env_fingerprint === 'string' ? json.env_fingerprint : null, target };
  } catch {
    const meta = (name: string) => new RegExp(`<meta name="${name}" content="([^"]*)"`).exec(text)?.[1] || null;
    return { sha256, commit: meta('assay-commit'), envFingerprint: meta('assay-env-fingerprint'), target: meta('assay-target') };
  }
}
