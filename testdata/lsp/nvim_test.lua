-- Drives `tixcfg lsp` from a real Neovim (0.7 or later), headless:
--   nvim --headless --clean -u NONE -c 'luafile testdata/lsp/nvim_test.lua'
-- with TIXCFG_BIN (the tixcfg to run), TIXCFG_ROOT (a portfolio folder) and
-- TIXCFG_FILE (a company file of it with one duplicate feature flag).
-- It opens the file, waits for the pushed diagnostics, applies the
-- preferred quick fix, waits for them to clear, then formats the buffer.
-- In TIXCFG_NAV_FILE (a company with a dtcm block and a tax band) it then
-- hovers an integration block, goes to the reseller's definition, renames
-- the tax band and completes an attribute.
-- Neovim 0.7 has vim.lsp.start_client (not vim.lsp.start) and
-- formatting_sync (not format), and no pull diagnostics.
local bin, root, file = os.getenv('TIXCFG_BIN'), os.getenv('TIXCFG_ROOT'), os.getenv('TIXCFG_FILE')
local nav = os.getenv('TIXCFG_NAV_FILE')

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

  -- Navigation, in a second company file (TIXCFG_NAV_FILE) with two
  -- integration blocks and a tax band.
  vim.cmd('edit ' .. vim.fn.fnameescape(nav))
  local nbuf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(nbuf, client)
  local function goto_text(text, delta)
    for i, line in ipairs(vim.api.nvim_buf_get_lines(nbuf, 0, -1, false)) do
      local col = line:find(text, 1, true)
      if col then
        vim.api.nvim_win_set_cursor(0, { i, col - 1 + (delta or 0) })
        return
      end
    end
    error('no ' .. text .. ' in ' .. nav)
  end
  local function request(method, params)
    local results = vim.lsp.buf_request_sync(nbuf, method, params or vim.lsp.util.make_position_params(), 5000) or {}
    for _, res in pairs(results) do
      if res.err then
        error(method .. ': ' .. vim.inspect(res.err))
      end
      return res.result
    end
  end

  -- Hover on an integration block shows its chain.
  goto_text('integration "dtcm"', 2)
  local hover = request('textDocument/hover')
  local text = hover and hover.contents and hover.contents.value or ''
  if not text:find('✗ **flag on company**', 1, true) or not text:find('→ change', 1, true) then
    return fail('hover on the integration block gives ' .. vim.inspect(hover))
  end
  say('hover: ' .. text:match('%*%*dtcm%*%*: [^\n]*'))

  -- Go to definition of the reseller lands in the reseller's file.
  goto_text('"acme"', 2)
  local defs = request('textDocument/definition')
  if not defs or not defs[1] then
    return fail('no definition of the reseller')
  end
  vim.lsp.util.jump_to_location(defs[1], 'utf-16')
  local landed = vim.api.nvim_buf_get_name(0)
  if not landed:find('resellers/acme.hcl', 1, true) or vim.api.nvim_win_get_cursor(0)[1] ~= 1 then
    return fail('definition landed in ' .. landed .. ' at ' .. vim.inspect(vim.api.nvim_win_get_cursor(0)))
  end
  say('definition: resellers/acme.hcl')
  vim.api.nvim_set_current_buf(nbuf)

  -- Rename of a tax band edits the block and every reference.
  goto_text('tax_band "standard"', 11)
  local params = vim.lsp.util.make_position_params()
  params.newName = 'full'
  local edit = request('textDocument/rename', params)
  if not edit then
    return fail('rename gave no edit')
  end
  vim.lsp.util.apply_workspace_edit(edit, 'utf-16')
  local after = table.concat(vim.api.nvim_buf_get_lines(nbuf, 0, -1, false), '\n')
  if not after:find('tax_band "full" {', 1, true) or not after:find('tax_band = "full"', 1, true) or after:find('standard', 1, true) then
    return fail('after the rename:\n' .. after)
  end
  say('renamed: tax band standard to full')

  -- Completion inside an integration block offers its attributes.
  goto_text('mode = "live"', 0)
  local row = vim.api.nvim_win_get_cursor(0)[1]
  vim.api.nvim_buf_set_lines(nbuf, row, row, false, { '    ' })
  vim.api.nvim_win_set_cursor(0, { row + 1, 4 })
  vim.wait(300)
  local list = request('textDocument/completion')
  local labels = {}
  for _, item in ipairs((list and (list.items or list)) or {}) do
    table.insert(labels, item.label)
  end
  table.sort(labels)
  if table.concat(labels, ',') ~= 'api_key,client_id,client_secret,seller_code,token_api_key' then
    return fail('completion in the dtcm block offers ' .. vim.inspect(labels))
  end
  say('completion: ' .. table.concat(labels, ' '))

  vim.lsp.stop_client(client)
  vim.wait(2000, function() return vim.lsp.client_is_stopped(client) end, 20)
  say('OK')
  vim.cmd('qall!')
end)
if not ok then
  fail(tostring(err))
end
