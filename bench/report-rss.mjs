// Preloaded into a measured process: on exit, write its peak resident memory to stderr as one JSON line.
process.on("exit", () => {
  process.stderr.write(`\n@@rss ${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
