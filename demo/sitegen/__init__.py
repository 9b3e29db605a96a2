"""The demo site's sources (content as TOML, Jinja templates) and the script that renders them.

``python -m demo.sitegen.build`` rewrites ``demo/site/`` and ``demo/NOTES.md`` from
``demo/sitegen/content/*.toml``. The rendered site is committed, so running the demo needs no build.
"""
