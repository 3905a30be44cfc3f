FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext ca-certificates nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN bash scripts/vendor.sh \
    && python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build STOFLOW_ENV=development python manage.py collectstatic --noinput -v 0
RUN useradd --create-home stoflow && chown -R stoflow /app
USER stoflow
EXPOSE 8000
CMD ["gunicorn", "stoflow.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
