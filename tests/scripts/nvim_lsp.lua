-- Opens a record in Neovim with polpos's language server attached, waits for the server's
-- diagnostics, and writes them as JSON to $POLPOS_NVIM_OUT. Run headless by tests/lsp.rs:
--   POLPOS_BIN=... POLPOS_ROOT=... POLPOS_FILE=... POLPOS_NVIM_OUT=... nvim --headless --clean -u NONE -c 'luafile tests/scripts/nvim_lsp.lua'
-- Written for Neovim 0.7 (Debian's), whose API later versions keep.
local bin, root, file, out = os.getenv("POLPOS_BIN"), os.getenv("POLPOS_ROOT"), os.getenv("POLPOS_FILE"), os.getenv("POLPOS_NVIM_OUT")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ name = "polpos", cmd = { bin, "lsp" }, root_dir = root })
vim.lsp.buf_attach_client(buffer, client)
local received = vim.wait(20000, function()
  return #vim.diagnostic.get(buffer) > 0
end, 50)
local found = {}
for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
  table.insert(found, {
    code = diagnostic.code,
    line = diagnostic.lnum + 1,
    column = diagnostic.col + 1,
    severity = diagnostic.severity,
    message = diagnostic.message,
  })
end
table.sort(found, function(a, b)
  return a.line < b.line or (a.line == b.line and a.code < b.code)
end)
local handle = io.open(out, "w")
handle:write(vim.fn.json_encode({ received = received, diagnostics = found }))
handle:close()
vim.lsp.stop_client(client)
vim.cmd("qa!")
