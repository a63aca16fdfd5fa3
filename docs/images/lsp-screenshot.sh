#!/usr/bin/env bash
# Makes docs/images/lsp-neovim.png: a real Neovim (in tmux) editing the example catalog with
# `prospectus lsp`, after a prerequisite was mistyped, with the diagnostic's float open.
# Needs nvim, tmux, python3 and chromium. Usage: docs/images/lsp-screenshot.sh [PROSPECTUS_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$(realpath "${1:-target/debug/prospectus}")"
work="$(mktemp -d)"
trap 'tmux kill-session -t prospectus-shot 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r content "$work/content"
cat > "$work/init.lua" <<'LUA'
vim.opt.number = true
vim.opt.signcolumn = 'yes'
vim.opt.wrap = false
-- Calmer colours than Neovim 0.7's magenta floats, and no red for `_` in Markdown.
vim.cmd('highlight NormalFloat ctermbg=236 ctermfg=252')
vim.cmd('highlight link markdownError NONE')
local client = vim.lsp.start_client({ name = 'prospectus', cmd = { vim.env.PROSPECTUS, 'lsp' }, root_dir = vim.env.SITE })
vim.api.nvim_create_autocmd('BufEnter', { callback = function(args) vim.lsp.buf_attach_client(args.buf, client) end })
LUA
tmux new-session -d -s prospectus-shot -x 112 -y 24 \
  "env SITE=$work PROSPECTUS=$binary TERM=xterm-256color nvim -n --clean -u $work/init.lua $work/content/modules/deep-learning.md"
sleep 3
tmux send-keys -t prospectus-shot ':%s/- classical-machine-learning/- classical-machin-learning/' Enter
sleep 3
tmux send-keys -t prospectus-shot ':15' Enter ':normal! 6|' Enter
sleep 0.5
tmux send-keys -t prospectus-shot ':lua vim.diagnostic.open_float()' Enter
sleep 1.5
tmux capture-pane -p -e -t prospectus-shot | python3 docs/images/ansi2html.py > "$work/shot.html"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1040,500 \
  --screenshot="$PWD/docs/images/lsp-neovim.png" "file://$work/shot.html" 2>/dev/null
echo "wrote docs/images/lsp-neovim.png"
