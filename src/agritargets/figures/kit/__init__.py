"""The drawing kit every figure shares: canvas, style, legends, label placement, cartography, export, checks, cache."""
