// A minimal VS Code client for `prospectus lsp` (see docs/lsp.md).
const { LanguageClient } = require('vscode-languageclient/node');

let client;

exports.activate = () => {
  const server = { command: 'prospectus', args: ['lsp'] };
  const documents = [
    { scheme: 'file', language: 'markdown', pattern: '**/content/**/*.md' },
    { scheme: 'file', language: 'yaml', pattern: '**/content/**/*.{yaml,yml}' },
  ];
  client = new LanguageClient('prospectus', 'Prospectus', server, { documentSelector: documents });
  return client.start();
};

exports.deactivate = () => client && client.stop();
