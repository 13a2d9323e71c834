// Preloaded into a measured process: on exit, write its peak resident memory and CPU time to stderr as one JSON line.
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n@@rss ${JSON.stringify({ maxRssKiB: usage.maxRSS, userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime })}\n`);
});
