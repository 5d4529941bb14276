"""A real browser for user journeys: Debian's Chromium driven by Playwright."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test body
    # still talks to the database synchronously, which is safe here. While that
    # loop runs, Django's context-local connections are new ones (without the
    # test database's serialized contents), so it must stop before the test's
    # database teardown (function scope does that), or the flush and the next
    # test's restore go wrong.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        # Connections the test opened inside Playwright's loop belong to that
        # context: close them here, or they outlive the test database.
        from django.db import connections

        connections.close_all()
        browser.close()


@pytest.fixture
def new_page(browser, live_server, request):
    """Open a fresh browser context (its own cookies) and page on the live server."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1400, "height": 1000}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for index, context in enumerate(contexts):
        if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
            ARTIFACTS.mkdir(exist_ok=True)
            for number, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{index}-{number}.png"), full_page=True)
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
