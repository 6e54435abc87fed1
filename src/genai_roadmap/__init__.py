"""genai-roadmap: a study and project-scaffolding companion for learning Generative AI."""

__version__ = "0.1.0"
