"""Documents: the values and tables Quarto shows, how Quarto is found and run, the published edition."""
