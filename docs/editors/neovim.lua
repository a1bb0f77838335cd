-- Scalewise in Neovim without plugins: Neovim 0.7 or later (0.7.2 is Debian bookworm's).
-- Try it with `nvim -u docs/editors/neovim.lua deploy/docker-compose.yml`, or copy it into init.lua.
-- Neovim 0.11 and later can use docs/editors/neovim-0.11.lua instead (vim.lsp.config).
--
-- `scalewise` must be on PATH (npm install -g, see the README); set vim.g.scalewise_cmd before this file
-- runs to start it another way, e.g. `nvim --cmd "lua vim.g.scalewise_cmd = {'node', '/path/to/cli.js', 'lsp',
-- '--stdio'}"`.
local cmd = vim.g.scalewise_cmd or { 'scalewise', 'lsp', '--stdio' }

-- What Scalewise reads: YAML (Compose, stacks, Helm values, Kubernetes, RunaiConfig, k3s, Prometheus), shell
-- scripts, Makefiles and Markdown that run `docker compose … --scale`, DRAKVUF Sandbox's config.toml and config.ini.
-- The server decides the kind from the path and the content; a file of none of its kinds gets no diagnostics.
local filetypes = { 'yaml', 'yaml.docker-compose', 'helm', 'sh', 'bash', 'make', 'markdown', 'toml', 'dosini' }

-- The workspace root: the nearest folder with a .scalewise.yaml, else the nearest git checkout (`.git` is a file in
-- a worktree), else the file's folder. Scalewise reads facts from the files around (the Makefile that scales a
-- service, the Chart.yaml beside values), so the root matters.
local function root_dir(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  local config = vim.fn.findfile('.scalewise.yaml', dir .. ';')
  if config ~= '' then
    return vim.fn.fnamemodify(config, ':p:h')
  end
  local git = vim.fn.finddir('.git', dir .. ';')
  if git == '' then
    git = vim.fn.findfile('.git', dir .. ';')
  end
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h:h')
  end
  return dir
end

local clients = {} -- root folder -> client id (0.7 has no vim.lsp.start to reuse one)

local function attach(args)
  local file = vim.api.nvim_buf_get_name(args.buf)
  if file == '' or vim.bo[args.buf].buftype ~= '' then
    return
  end
  local root = root_dir(file)
  local config = {
    name = 'scalewise',
    cmd = cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    -- Answered to the server's workspace/configuration requests (section `scalewise`): the same settings as the
    -- VS Code extension, e.g. { rules = { ['compose/obsolete-version'] = 'off' } }.
    settings = { scalewise = vim.g.scalewise_settings or vim.empty_dict() },
  }
  if vim.lsp.start then -- 0.8 and later: finds or starts the client for this root and attaches the buffer
    vim.lsp.start(config, { bufnr = args.buf })
    return
  end
  local id = clients[root]
  if not id or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(args.buf, id)
  end
end

local group = vim.api.nvim_create_augroup('scalewise', { clear = true })
vim.api.nvim_create_autocmd('FileType', { group = group, pattern = filetypes, callback = attach })
