"""The dashboard's pages, registered with dash.register_page."""
