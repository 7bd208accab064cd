-- Drives `tixcfg lsp` from a real Neovim (0.7 or later), headless:
--   nvim --headless --clean -u NONE -c 'luafile testdata/lsp/nvim_test.lua'
-- with TIXCFG_BIN (the tixcfg to run), TIXCFG_ROOT (a portfolio folder) and
-- TIXCFG_FILE (a company file of it with one duplicate feature flag).
-- It opens the file, waits for the pushed diagnostics, applies the
-- preferred quick fix, waits for them to clear, then formats the buffer.
-- Neovim 0.7 has vim.lsp.start_client (not vim.lsp.start) and
-- formatting_sync (not format), and no pull diagnostics.
local bin, root, file = os.getenv('TIXCFG_BIN'), os.getenv('TIXCFG_ROOT'), os.getenv('TIXCFG_FILE')

local function say(msg)
  io.stderr:write(msg .. '\n')
end

local function fail(msg)
  say('FAIL: ' .. msg)
  vim.cmd('cquit! 1')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client = vim.lsp.start_client({
    name = 'tixcfg',
    cmd = { bin, 'lsp', '--stdio', '--no-cache' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'portfolio' } },
  })
  if not client then
    return fail('the client did not start')
  end
  vim.lsp.buf_attach_client(buf, client)

  if not vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    return fail('no diagnostics were published')
  end
  local d = vim.diagnostic.get(buf)[1]
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  if code ~= 'duplicate' then
    return fail('the diagnostic is ' .. vim.inspect(d) .. ', want the duplicate')
  end
  say('diagnostic: ' .. d.message:gsub('\n.*', ''))

  -- The preferred quick fix at the diagnostic.
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = {} }
  local results = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000) or {}
  local fix
  for _, res in pairs(results) do
    for _, action in ipairs(res.result or {}) do
      if action.isPreferred and action.kind == 'quickfix' then
        fix = action
      end
    end
  end
  if not fix then
    return fail('no preferred quick fix in ' .. vim.inspect(results))
  end
  say('quick fix: ' .. fix.title)
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  if not vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 20) then
    return fail('the diagnostics did not clear: ' .. vim.inspect(vim.diagnostic.get(buf)))
  end
  say('diagnostics cleared')

  -- Mess up the layout, then format.
  vim.api.nvim_buf_set_lines(buf, 1, 2, false, { '      name     =    "C1"' })
  vim.lsp.buf.formatting_sync(nil, 5000)
  local got = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  local want = 'company "c1" {\n  name          = "C1"\n  reseller      = "acme"\n  feature_flags = ["dtcm"]\n}\n'
  if got ~= want then
    return fail('formatting gives\n' .. got .. '\nwant\n' .. want)
  end
  say('formatted')
  vim.lsp.stop_client(client)
  vim.wait(2000, function() return vim.lsp.client_is_stopped(client) end, 20)
  say('OK')
  vim.cmd('qall!')
end)
if not ok then
  fail(tostring(err))
end
