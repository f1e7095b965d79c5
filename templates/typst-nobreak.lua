-- The report's PDF (typst): no line break inside a document number or between a number and its unit.
--
-- typst may break a line between any two Chinese characters, which split "湘商电〔2023〕/3号"
-- and "4.7111 万/人" at line ends. The notice number becomes an unbreakable box; a space between
-- a number and a unit becomes a no-break space, and the unit's characters are held together by
-- word joiners (U+2060, which typst honours and which do not show).
local WJ = "\u{2060}"
local NOTICE = "湘商电〔2023〕3号"
local UNITS = { "万人", "亿元", "万元", "个", "元" }

local function hold(text)
  -- word joiners between the characters of the notice number and of two-character units
  local held = text:gsub("湘商电〔2023〕3号", function(m)
    local chars = {}
    for _, c in utf8.codes(m) do chars[#chars + 1] = utf8.char(c) end
    return table.concat(chars, WJ)
  end)
  held = held:gsub("万人", "万" .. WJ .. "人"):gsub("亿元", "亿" .. WJ .. "元"):gsub("万元", "万" .. WJ .. "元")
  -- a value from the val shortcode is one Str with its spaces inside: "6,644.4864 万人时"
  for _, unit in ipairs(UNITS) do
    local first = utf8.char(utf8.codepoint(unit))
    held = held:gsub("([%d%%]) " .. first, "%1\u{00A0}" .. first)
  end
  return held
end

local function starts_with_unit(text)
  for _, u in ipairs(UNITS) do
    if text:sub(1, #u) == u then return true end
  end
  return false
end

function Inlines(inlines)
  if not quarto.doc.is_format("typst") then return nil end
  for i = 1, #inlines do
    local el = inlines[i]
    if el.t == "Str" then
      el.text = hold(el.text)
    end
  end
  -- "4.7111 万人": the space before a unit does not break
  for i = 2, #inlines - 1 do
    local prev, el, nxt = inlines[i - 1], inlines[i], inlines[i + 1]
    if el.t == "Space" and prev.t == "Str" and nxt.t == "Str"
        and prev.text:match("[%d%%]$") and starts_with_unit(nxt.text:gsub(WJ, "")) then
      inlines[i] = pandoc.Str("\u{00A0}")
    end
  end
  return inlines
end

function Meta(meta)
  if not quarto.doc.is_format("typst") then return nil end
  for _, key in ipairs({ "subtitle", "title" }) do
    if meta[key] then
      meta[key] = pandoc.MetaInlines(pandoc.Inlines(meta[key]):walk({ Str = function(s) s.text = hold(s.text); return s end }))
    end
  end
  return meta
end
