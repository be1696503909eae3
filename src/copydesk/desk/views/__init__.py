"""The web desk's views: thin adapters from HTTP to the desk's services.

Each view checks who may open it (``common.desk_view``), calls one service
and renders a template; the rules themselves live in the services.
"""
