-- A stand-in for nvim-lspconfig (not installable here: no GitHub), with the parts of its API that
-- docs/editors/lspconfig.lua uses: require('lspconfig').NAME.setup(opts) for a config registered in
-- require('lspconfig.configs'), and util.root_pattern. It records what was registered and set up, for
-- test/editors/nvim-config-values.lua; it starts no server.
local configs = require('lspconfig.configs')

local util = {}
-- As lspconfig's: a function of a file path that returns the nearest folder above it holding one of the markers.
function util.root_pattern(...)
  local markers = { ... }
  return function(fname)
    local dir = vim.fn.fnamemodify(fname, ':p:h')
    while true do
      for _, marker in ipairs(markers) do
        if vim.fn.glob(dir .. '/' .. marker, true) ~= '' then
          return dir
        end
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        return nil
      end
      dir = parent
    end
  end
end

return setmetatable({ util = util }, {
  __index = function(_, name)
    return configs[name]
  end,
})
