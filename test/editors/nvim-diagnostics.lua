-- Run by test/editors/neovim.test.ts after the config from docs/ has opened the file:
--   nvim --headless --clean -u docs/editors/neovim.lua FILE -c 'luafile test/editors/nvim-diagnostics.lua'
-- Waits (polling, up to SCALEWISE_NVIM_WAIT_MS) until the buffer's diagnostics are the ones in SCALEWISE_NVIM_EXPECT
-- (a JSON list of "line:code:severity" keys), then writes what the buffer has to SCALEWISE_NVIM_OUT as JSON and quits.
-- The test compares the two; a timeout is written too, so that the test shows what came instead.
local out = os.getenv('SCALEWISE_NVIM_OUT')

local function keys(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    table.insert(list, string.format('%d:%s:%d:%s', d.lnum + 1, tostring(d.code), d.severity, d.message))
  end
  table.sort(list)
  return table.concat(list, ' ')
end

local function run()
  local expected = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('SCALEWISE_NVIM_EXPECT')), '\n'))
  table.sort(expected)
  local want = table.concat(expected, ' ')
  local wait = tonumber(os.getenv('SCALEWISE_NVIM_WAIT_MS')) or 60000
  local matched = vim.wait(wait, function()
    return keys(vim.diagnostic.get(0)) == want
  end, 50)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(diagnostics, {
      line = d.lnum + 1,
      column = d.col + 1,
      code = d.code,
      severity = d.severity,
      source = d.source,
      message = d.message,
    })
  end
  local clients = {}
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    table.insert(clients, { name = c.name, root = c.config.root_dir, cmd = c.config.cmd })
  end
  local filetypes = {} -- the patterns of the config's FileType autocommands
  for _, a in ipairs(vim.api.nvim_get_autocmds({ group = 'scalewise', event = 'FileType' })) do
    table.insert(filetypes, a.pattern)
  end
  return {
    matched = matched,
    nvim = vim.version(),
    filetype = vim.bo.filetype,
    filetypes = filetypes,
    clients = clients,
    diagnostics = diagnostics,
  }
end

local ok, result = pcall(run)
if not ok then
  result = { error = tostring(result) }
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.cmd('qall!')
