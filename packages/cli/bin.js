#!/usr/bin/env node
import("./dist/index.js").then((cli) => cli.main());
