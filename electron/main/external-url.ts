/**
 * Whether a link may be handed to the operating system: only web pages. `file:`, `smb:`, custom
 * app schemes and `javascript:` can run programs or leak credentials when opened by the OS.
 */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
}
