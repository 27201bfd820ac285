import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../electron/main/external-url.js';

describe('links the Electron window hands to the operating system', () => {
  it('allows web pages only', () => {
    expect(isSafeExternalUrl('https://docs.getdbt.com/reference/node-selection/syntax')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/')).toBe(true);
  });

  it('refuses schemes that run programs or reach files, and credentials in the URL', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'vscode://x', 'app://assay/index.html', 'https://user:pw@example.com/', 'not a url', '']) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
