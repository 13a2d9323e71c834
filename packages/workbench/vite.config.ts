import { defineConfig } from "vite";

// Plain static files that work from any folder of an intranet server (relative URLs), with no
// inline script or style, so the page runs under `script-src 'self'; style-src 'self'`.
export default defineConfig({
  base: "./",
  resolve: { conditions: ["@yiyang/source"] },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    chunkSizeWarningLimit: 2048,
  },
});
