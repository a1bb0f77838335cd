-- Run by test/editors/neovim.test.ts on Neovim 0.7:
--   nvim --headless --clean -c 'luafile test/editors/nvim-config-values.lua'
-- Loads the config in SCALEWISE_NVIM_CONFIG (docs/editors/lspconfig.lua or neovim-0.11.lua) against stand-ins
-- (test/editors/stubs for nvim-lspconfig; vim.lsp.config and vim.lsp.enable, which 0.7 lacks, recorded here),
-- and writes what it registered to SCALEWISE_NVIM_OUT as JSON, with the root it picks for SCALEWISE_NVIM_FILE.
local out = os.getenv('SCALEWISE_NVIM_OUT')
local here = vim.fn.fnamemodify(os.getenv('SCALEWISE_NVIM_DRIVER') or '', ':p:h')
vim.opt.runtimepath:prepend(here .. '/stubs')

local function run()
  local recorded = { configs = {}, enabled = {} }
  if not vim.lsp.config then
    vim.lsp.config = setmetatable({}, {
      __call = function(_, name, cfg)
        recorded.configs[name] = cfg
      end,
    })
    vim.lsp.enable = function(name)
      table.insert(recorded.enabled, name)
    end
  end
  dofile(os.getenv('SCALEWISE_NVIM_CONFIG'))
  local result = { enabled = recorded.enabled }
  local stub = _G.scalewise_lspconfig_stub
  if stub then -- lspconfig.lua
    local def = stub.registered.scalewise and stub.registered.scalewise.document_config.default_config
    result.setup = stub.setups.scalewise ~= nil
    if def then
      result.cmd = def.cmd
      result.filetypes = def.filetypes
      result.settings = def.settings
      result.root = def.root_dir(os.getenv('SCALEWISE_NVIM_FILE'))
    end
  end
  local cfg = recorded.configs.scalewise
  if cfg then -- neovim-0.11.lua
    result.cmd = cfg.cmd
    result.filetypes = cfg.filetypes
    result.settings = cfg.settings
    result.root_markers = cfg.root_markers
  end
  return result
end

local ok, result = pcall(run)
if not ok then
  result = { error = tostring(result) }
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.cmd('qall!')
