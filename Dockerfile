# The Anjuan image: web (gunicorn) and task workers run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings

# OCR (Tesseract), CJK fonts for generated PDFs, gettext for the translations,
# poppler for PDF utilities; npm only while the Chinese OCR model is fetched.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd tesseract-ocr-eng \
        fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming gettext poppler-utils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENV OCR_TESSDATA_DIR=/app/tessdata
RUN python manage.py compilemessages -v0 \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput -v0
RUN apt-get update && apt-get install -y --no-install-recommends npm \
    && SECRET_KEY=build-only python manage.py ocr_setup \
    && apt-get purge -y --auto-remove npm && rm -rf /var/lib/apt/lists/* /root/.npm

RUN useradd --create-home --uid 1000 anjuan && mkdir -p /data && chown anjuan /data
USER anjuan
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "120"]
