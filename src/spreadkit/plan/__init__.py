"""The plan: scores and checks, the view model, charts, and the renderers (Jinja, PDF, exports)."""
