-- A real editor client for tests/lsp.rs: Neovim starts `prospectus lsp` on the site in
-- $SITE, opens a module, replaces a prerequisite with one that does not exist, waits for
-- the diagnostic and writes what Neovim shows (line:column:message, 0-based) to $OUT.
-- vim.lsp.start_client works from Neovim 0.7 (Debian 12) on.
local site = vim.env.SITE
local client = vim.lsp.start_client({ name = 'prospectus', cmd = { vim.env.PROSPECTUS, 'lsp' }, root_dir = site })
vim.cmd('edit ' .. site .. '/content/modules/deep-learning.md')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client)
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if line == '  - classical-machine-learning' then
    vim.api.nvim_buf_set_lines(buf, i - 1, i, false, { '  - no-such-module' })
    break
  end
end
vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.message:find('no%-such%-module') then return true end
  end
  return false
end, 50)
local shown = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(shown, string.format('%d:%d:%s', d.lnum, d.col, d.message))
end
local out = io.open(vim.env.OUT, 'w')
out:write(table.concat(shown, '\n'))
out:close()
vim.cmd('qa!')
