# The image the Docker sandbox runs the agents' tests in: Python and pytest, nothing else.
#   docker build -t {{ cookiecutter.project_slug }}-sandbox -f sandbox.Dockerfile .
FROM python:3.12-slim
RUN python -m pip install --no-cache-dir "pytest>=8.0"
WORKDIR /workspace
