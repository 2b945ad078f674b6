"""The plan: figures, pictures, views, the tracker and output, each a layer (see each sub-package)."""
