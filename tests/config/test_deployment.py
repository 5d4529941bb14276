"""docker-compose.yml parses, is complete, and sets only variables Anjuan reads."""

import re
from pathlib import Path

import yaml
from django.conf import settings  # noqa: F401 - settings must be loaded so config.env.READ is complete

from config.env import READ

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = ["migrate", "web", "worker"]


def test_compose_has_every_service_with_health_checks_and_volumes():
    services = COMPOSE["services"]
    assert set(services) == {"migrate", "web", "worker", "db", "redis", "elasticsearch"}
    for name in ("web", "db", "redis", "elasticsearch"):
        assert services[name]["healthcheck"]["test"], name
    assert set(COMPOSE["volumes"]) == {"files", "pgdata", "redisdata", "esdata"}
    assert "gunicorn" in services["web"]["command"]
    assert "rqworker" in services["worker"]["command"] and "django_tasks_rq.Job" in services["worker"]["command"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_every_variable_the_app_services_set_is_read_by_the_settings():
    for name in APP_SERVICES:
        environment = COMPOSE["services"][name]["environment"]
        unknown = sorted(set(environment) - set(READ))
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_the_app_services_use_the_scale_components():
    environment = COMPOSE["services"]["web"]["environment"]
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["TASKS_BACKEND"] == "rq"
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert environment["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert environment["PRIVATE_MEDIA_ROOT"] != environment["MEDIA_ROOT"]


def test_elasticsearch_carries_the_chinese_analyzer_plugin():
    build = COMPOSE["services"]["elasticsearch"]["build"]
    dockerfile = (ROOT / build / "Dockerfile").read_text()
    assert re.search(r"FROM docker\.elastic\.co/elasticsearch/elasticsearch:\$\{ES_VERSION\}", dockerfile)
    assert re.search(r"ARG ES_VERSION=8\.", dockerfile)
    assert "elasticsearch-plugin install --batch analysis-smartcn" in dockerfile


def test_secrets_are_required_not_defaulted():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "${SECRET_KEY:?" in text and "${POSTGRES_PASSWORD:?" in text


def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in READ if f"`{name}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"
