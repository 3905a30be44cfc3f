# Three stages. Only the last one ships: the Python runtime with the runtime requirements, the code,
# the compiled translations and the collected static files; no Node.js, npm, gettext or test tool.

# 1. The front-end libraries from the npm registry (no devDependencies: the linters stay out).
FROM node:20-bookworm-slim AS vendor
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/vendor.sh scripts/
RUN bash scripts/vendor.sh --omit=dev

# 2. The virtualenv (requirements.txt only, every package checked against its hash), the
#    translations and the static files.
FROM python:3.11-slim-bookworm AS build
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt
WORKDIR /app
COPY . .
COPY --from=vendor /app/static/vendor static/vendor
RUN python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build STOFLOW_ENV=development python manage.py collectstatic --noinput -v 0

# 3. The runtime image. The code belongs to root and is read-only for the unprivileged user that
#    runs it; only the media and extension-package directories are writable.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH PORT=8000 MEDIA_ROOT=/data/media EXTENSION_PACKAGES_DIR=/data/extension
RUN useradd --system --user-group --uid 10001 --create-home stoflow \
    && mkdir -p /data/media /data/extension && chown stoflow:stoflow /data/media /data/extension
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER stoflow
EXPOSE 8000
# GET /health/ on the local server (scripts/healthcheck.py): 503 while PostgreSQL, Redis or every
# Celery worker is down. The worker and beat containers replace it (docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["python", "scripts/healthcheck.py"]
# gunicorn binds 0.0.0.0:$PORT when no --bind is given.
CMD ["gunicorn", "stoflow.wsgi", "--workers", "3", "--threads", "4"]
