-- See ../lspconfig.lua. As lspconfig's configs table: assigning configs.NAME = { default_config = { … } }
-- registers a server (default_config must be a table) whose setup(opts) is then recorded.
local registered = {}
_G.scalewise_lspconfig_stub = { registered = registered, setups = {} }

return setmetatable({}, {
  __index = function(_, name)
    return registered[name]
  end,
  __newindex = function(_, name, def)
    assert(type(name) == 'string', 'config name must be a string')
    assert(type(def) == 'table' and type(def.default_config) == 'table', name .. ': default_config must be a table')
    registered[name] = {
      document_config = def,
      setup = function(opts)
        assert(type(opts) == 'table', name .. '.setup expects a table')
        _G.scalewise_lspconfig_stub.setups[name] = opts
      end,
    }
  end,
})
