/* studywiki search UI: written by the UI helper (branch wt-search-ui); this placeholder keeps the script tag from failing. */
