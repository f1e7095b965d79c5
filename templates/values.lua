-- {{< val key >}} shortcode: one value computed by the document's first Python cell.
--
-- The cell writes _render/<document>/values.json (see agritargets.documents.reportdata). Reading the
-- values from a file instead of Quarto's inline `{python}` expressions lets the Jupyter cache
-- (which refuses inline expressions) run the document's Python once for all its formats.
-- An unknown key stops the render: a missing number is never printed as nothing.
local cache = {}

local function values_for_document()
  local stem = pandoc.path.split_extension(pandoc.path.filename(quarto.doc.input_file))
  if cache[stem] == nil then
    local path = pandoc.path.join({ quarto.project.directory or ".", "_render", stem, "values.json" })
    local file = io.open(path, "r")
    if file == nil then
      error("val: " .. path .. " is missing; the document's first Python cell writes it")
    end
    cache[stem] = quarto.json.decode(file:read("a"))
    file:close()
  end
  return cache[stem]
end

return {
  ["val"] = function(args)
    local key = pandoc.utils.stringify(args[1])
    local value = values_for_document()[key]
    if value == nil then
      error("val: unknown value '" .. key .. "' (not in values.json)")
    end
    if quarto.doc.is_format("typst") then
      -- typst reads "--" in text as an en dash; a word joiner keeps "--province-population" literal
      local n
      repeat
        value, n = value:gsub("%-%-", "-\u{2060}-")
      until n == 0
    end
    return pandoc.Str(value)
  end,
}
