"""The plan: figures, pictures, views, the tracker and output, each a layer of its own (see each sub-package)."""
