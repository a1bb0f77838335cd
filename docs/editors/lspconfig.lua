-- Scalewise with nvim-lspconfig (https://github.com/neovim/nvim-lspconfig). Scalewise is not one of
-- lspconfig's bundled servers, so it is registered as a custom one through lspconfig.configs, then set up.
-- `scalewise` must be on PATH (npm install -g, see the README).
-- For Neovim 0.10 and earlier: on 0.11 and later lspconfig deprecates this require('lspconfig') framework; use
-- docs/editors/neovim-0.11.lua there.
local lspconfig = require('lspconfig')
local configs = require('lspconfig.configs')

if not configs.scalewise then
  configs.scalewise = {
    default_config = {
      cmd = { 'scalewise', 'lsp', '--stdio' },
      -- YAML (Compose, stacks, Helm values, Kubernetes, RunaiConfig, k3s, Prometheus), scripts, Makefiles and
      -- Markdown that run `docker compose … --scale`, DRAKVUF Sandbox's config.toml and config.ini.
      filetypes = { 'yaml', 'yaml.docker-compose', 'helm', 'sh', 'bash', 'make', 'markdown', 'toml', 'dosini' },
      -- The nearest .scalewise.yaml, else the git checkout: Scalewise reads facts from the files around.
      root_dir = function(fname)
        return lspconfig.util.root_pattern('.scalewise.yaml')(fname) or lspconfig.util.root_pattern('.git')(fname)
      end,
      settings = { scalewise = {} },
    },
  }
end

lspconfig.scalewise.setup({
  -- The VS Code extension's settings, answered to workspace/configuration, e.g.
  -- settings = { scalewise = { rules = { ['compose/obsolete-version'] = 'off' } } },
})
