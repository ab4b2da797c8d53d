-- djlint-conf for Neovim: filetypes for the layouts repositories keep server
-- configurations in, and the language server started for them.
--
--   require("djlint-conf").setup()            -- with this file on 'runtimepath' as lua/djlint-conf.lua
--   dofile("/path/to/djlint-conf.lua").setup({ cmd = { "djlint-conf-lsp", "--stdio" } })
--
-- Works on Neovim 0.7 (start_client + buf_attach_client) and later (vim.lsp.start).
local M = {}

-- Directory names that say which server a file belongs to, anywhere in its path.
local SERVER_DIRS = { apache2 = "apache", httpd = "apache", apache = "apache", nginx = "nginx", lighttpd = "lighttpd" }

-- What a file's first lines say about its server (for sites-*/ and conf.d/ files outside such a directory).
local function sniff(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, 60, false)
  for _, l in ipairs(lines) do
    if l:match("^%s*<%a") or l:match("^%s*WSGI%a+") or l:match("^%s*ServerName%s") then return "apache" end
    if l:match("^%s*server%s*{") or l:match("^%s*location%s.*{") or l:match("^%s*upstream%s.*{") or l:match("^%s*proxy_pass%s") then return "nginx" end
    if l:match("^%s*%$HTTP%[") or l:match("^%s*%$SERVER%[") or l:match("^%s*server%.[%w-]+%s*[+:]?=") then return "lighttpd" end
  end
  return nil
end

-- The filetype of a path (and its buffer's text when the path alone cannot tell), or nil.
function M.detect(path, bufnr)
  local name = vim.fn.fnamemodify(path, ":t")
  if name == ".htaccess" then return "apache" end
  local parts = vim.split(vim.fn.fnamemodify(path, ":p"), "/", { plain = true })
  local conf = name:match("%.conf$") ~= nil
  local in_layout = false
  for i = #parts - 1, 1, -1 do
    local dir = parts[i]
    local server = SERVER_DIRS[dir]
    if server and (conf or in_layout) then return server end
    if dir:match("^sites%-") or dir == "conf.d" or dir == "conf-available" or dir == "conf-enabled" or dir == "mods-enabled" or dir == "snippets" then in_layout = true end
  end
  if in_layout or conf then return bufnr and sniff(bufnr) or nil end
  return nil
end

M.filetypes = { "apache", "nginx", "lighttpd" }

local function root_of(file)
  local found = vim.fn.finddir(".git", vim.fn.fnamemodify(file, ":p:h") .. ";")
  return found ~= "" and vim.fn.fnamemodify(found, ":p:h:h") or vim.fn.fnamemodify(file, ":p:h")
end

-- Starts (or reuses) the client for a buffer's root and attaches the buffer.
local clients = {}
function M.attach(bufnr, opts)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local root = opts.root_dir or root_of(file)
  local config = { name = "djlint-conf", cmd = opts.cmd, root_dir = root, init_options = opts.init_options or { debounceMs = 150 } }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
  return id
end

function M.setup(opts)
  opts = opts or {}
  opts.cmd = opts.cmd or { "djlint-conf-lsp", "--stdio" }
  local group = vim.api.nvim_create_augroup("djlint-conf", { clear = true })
  -- Filetypes: before Neovim's own rules would call these files "conf" (or nothing).
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*",
    callback = function(args)
      local ft = M.detect(args.file, args.buf)
      if ft and vim.bo[args.buf].filetype ~= ft then vim.bo[args.buf].filetype = ft end
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.filetypes,
    callback = function(args) M.attach(args.buf, opts) end,
  })
end

return M
