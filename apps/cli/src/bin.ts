#!/usr/bin/env node
// Thin entry: everything else is imported lazily by main.
const { main } = await import('./main.js');
process.exitCode = await main(process.argv);
