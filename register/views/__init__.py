"""The register's pages: ``records`` (the public register, verification, an award's page and the office's
actions on it) and ``keeping`` (an authority's register kept by hand: earlier years, the spreadsheet, history)."""
