#!/usr/bin/env node
// Entry of the browser tier (`npm test` runs it after the HTTP tier): compiles the TypeScript
// runner on the fly with ts-node (SWC) and runs it. See run.ts for what it does.
require("ts-node").register({ transpileOnly: true, swc: true })
require("./run.ts")
