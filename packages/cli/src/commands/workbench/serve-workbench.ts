import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, extname, join, resolve, sep } from "node:path";

/**
 * The policy the page is sent with: scripts and styles from the page's own files only (no inline
 * script, no `eval`), requests to its own origin only, and no framing.
 */
export const WORKBENCH_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

const HEADERS = {
  "Content-Security-Policy": WORKBENCH_CSP,
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Frame-Options": "DENY",
};

/** Options for {@link serveWorkbench}. */
export interface ServeWorkbenchOptions {
  /** The folder of the built page. */
  root: string;
  /** The port (0: any free one). */
  port: number;
  /** A document file the page opens instead of the bundled default. */
  document?: string | undefined;
}

/**
 * Serve the built page on 127.0.0.1, with a strict Content-Security-Policy, and the document to
 * open at `/document`. Only the page's own files are served; requests naming another host (DNS
 * rebinding) are refused.
 */
export async function serveWorkbench(options: ServeWorkbenchOptions): Promise<{ server: Server; url: string }> {
  const root = resolve(options.root);
  let port = 0;
  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...HEADERS, "Content-Type": type, "Content-Length": Buffer.byteLength(body), ...extra });
    res.end(res.req.method === "HEAD" ? undefined : body);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const host = req.headers.host ?? "";
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 421, "text/plain; charset=utf-8", "Misdirected request\n");
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n", { Allow: "GET, HEAD" });
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    } catch {
      return send(res, 400, "text/plain; charset=utf-8", "Bad request\n");
    }
    if (path === "/document") {
      // No content: the page opens its default document.
      if (options.document === undefined) return send(res, 204, "text/plain; charset=utf-8", "");
      try {
        const text = await readFile(options.document, "utf8");
        return send(res, 200, "application/json; charset=utf-8", JSON.stringify({ name: basename(options.document), text }), { "Cache-Control": "no-store" });
      } catch {
        return send(res, 404, "text/plain; charset=utf-8", "The document cannot be read\n");
      }
    }
    if (path.includes("\0") || path.split("/").includes("..")) return send(res, 400, "text/plain; charset=utf-8", "Bad request\n");
    const file = resolve(join(root, path === "/" ? "index.html" : path));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 404, "text/plain; charset=utf-8", "Not found\n");
    try {
      if (!(await stat(file)).isFile()) throw new Error("not a file");
      const body = await readFile(file);
      const cache = file.includes(`${sep}assets${sep}`) ? "public, max-age=31536000, immutable" : "no-cache";
      return send(res, 200, TYPES[extname(file)] ?? "application/octet-stream", body, { "Cache-Control": cache });
    } catch {
      return send(res, 404, "text/plain; charset=utf-8", "Not found\n");
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "Internal error\n");
      else res.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, "127.0.0.1", () => done());
  });
  port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}/` };
}
