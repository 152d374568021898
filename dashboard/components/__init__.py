"""Pure figure and table builders: no Dash callbacks, no data access."""
