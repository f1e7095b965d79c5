"""Figures: one module per figure (its words, drawing, classification and spec) on the shared ``kit/``.

``pack`` collects them into the figure pack; nothing here reads a file except ``pack``'s loaders.
"""
