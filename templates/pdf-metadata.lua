-- The PDF's document information: title and author from the document's metadata.
-- (Quarto's typst template sets neither; the language is set in report-typst.typ.)
local function typst_string(s)
  return '"' .. s:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

function Meta(meta)
  if not quarto.doc.is_format("typst") then return nil end
  local title = meta.title and pandoc.utils.stringify(meta.title) or ""
  local names = {}
  local authors = meta.author
  if authors ~= nil then
    if pandoc.utils.type(authors) ~= "List" then authors = { authors } end
    for _, a in ipairs(authors) do
      local name = (pandoc.utils.type(a) == "table" or pandoc.utils.type(a) == "Meta") and a.name or a
      names[#names + 1] = pandoc.utils.stringify(name)
    end
  end
  quarto.doc.include_text("in-header", "#set document(title: " .. typst_string(title)
    .. ", author: " .. typst_string(table.concat(names, ", ")) .. ")")
  return nil
end
