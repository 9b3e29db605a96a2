"""The review and search web app (Starlette + Jinja2, served by uvicorn).

Public surface: ``web.app.create_app(settings, *, db_path=None)`` builds the ASGI app;
``web.auth.hash_password`` / ``verify_password`` make and check Argon2id password hashes.
Submodules are imported on use so that ``import web.auth`` stays light.
"""

__all__ = ["app", "auth"]
