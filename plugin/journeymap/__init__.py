"""journeymap: living customer journey maps, published with MkDocs and Material."""

__version__ = "0.1.0"
