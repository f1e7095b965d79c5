-- Alternative text for every figure the documents embed from _render/<document>/<stem>.
--
-- The text is the figure's message and what it plots (``alt_<stem>`` in values.json, written by
-- the document's first cell), so it never is a file path. HTML and web slides take it as the
-- image's alt text (``fig-alt``); PowerPoint takes the image's title as its description.
-- An alt text written in the document is kept.
local values = nil

local function load_values()
  if values == nil then
    local stem = pandoc.path.split_extension(pandoc.path.filename(quarto.doc.input_file))
    local path = pandoc.path.join({ quarto.project.directory or ".", "_render", stem, "values.json" })
    local file = io.open(path, "r")
    if file == nil then
      values = {}
    else
      values = quarto.json.decode(file:read("a"))
      file:close()
    end
  end
  return values
end

function Image(img)
  local stem = img.src:match("^_render/[^/]+/([%w_]+)")
  if stem == nil then return nil end
  local alt = img.attributes["fig-alt"] or load_values()["alt_" .. stem]
  if alt == nil then
    error("figure-alt: no alternative text for " .. img.src .. " (alt_" .. stem .. " is not in values.json)")
  end
  img.attributes["fig-alt"] = alt
  if quarto.doc.is_format("pptx") then
    img.title = alt
  end
  return img
end
