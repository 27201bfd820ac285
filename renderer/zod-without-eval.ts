import { config } from 'zod';

// The contract's schemas come along with its operation names. Zod probes `new Function` to compile
// fast parsers, which the page's CSP (no 'unsafe-eval') refuses with a console error; the renderer
// never parses with them, so the probe is switched off. Imported first by main.ts, before shared/api.ts.
config({ jitless: true });
