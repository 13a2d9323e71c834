/**
 * Runs first. zod probes `new Function` once to decide whether to compile its object parsers; under
 * the page's policy (no `unsafe-eval`) the probe fails, and the browser reports a CSP violation
 * even though zod catches it. Parsing without compiled code avoids the probe, and the report.
 */
import { config } from "zod";

config({ jitless: true });
