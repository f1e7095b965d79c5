"""The ground: paths, byte-stable files, bilingual errors, the units, the notice, the printed targets, boundaries.

Nothing here draws, and nothing here knows the allocation rule.
"""
