"""episurv: epidemic surveillance and response for city and national health departments."""

__version__ = "0.1.0"
