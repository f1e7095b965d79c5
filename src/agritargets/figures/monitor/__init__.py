"""The monitoring figures (月度通报): one module per figure on the shared kit, collected by :mod:`.pack`."""
