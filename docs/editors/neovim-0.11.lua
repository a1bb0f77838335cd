-- Scalewise in Neovim 0.11 or later, without plugins (vim.lsp.config and vim.lsp.enable).
-- Copy into init.lua, or into lsp/scalewise.lua on the runtimepath as `return { … }` with only the table.
-- `scalewise` must be on PATH (npm install -g, see the README). Neovim 0.7 to 0.10: docs/editors/neovim.lua.
vim.lsp.config('scalewise', {
  cmd = { 'scalewise', 'lsp', '--stdio' },
  -- YAML (Compose, stacks, Helm values, Kubernetes, RunaiConfig, k3s, Prometheus), scripts, Makefiles and Markdown
  -- that run `docker compose … --scale`, DRAKVUF Sandbox's config.toml and config.ini. The server decides the kind
  -- from the path and the content; a file of none of its kinds gets no diagnostics.
  filetypes = { 'yaml', 'yaml.docker-compose', 'helm', 'sh', 'bash', 'make', 'markdown', 'toml', 'dosini' },
  -- The nearest .scalewise.yaml wins over the nearest git checkout: Scalewise reads facts from the files around.
  root_markers = { '.scalewise.yaml', '.git' },
  -- Answered to the server's workspace/configuration requests: the VS Code extension's settings, e.g.
  -- scalewise = { rules = { ['compose/obsolete-version'] = 'off' } }.
  settings = { scalewise = {} },
})
vim.lsp.enable('scalewise')
