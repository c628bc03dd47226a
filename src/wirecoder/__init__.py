"""wirecoder: news dispatches in, structured, geocoded, dated conflict events out."""

__version__ = "0.1.0"
