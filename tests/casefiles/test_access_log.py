"""The access log: each view that serves case content logs who, what, when and from where; the log is searchable."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from casefiles import tree
from casefiles.access_log import client_ip
from casefiles.models import AccessAction, AccessLogEntry
from casefiles.models.access_log import AppendOnly
from casefiles.models.documents import replace_document_file
from config.settings import _networks
from tests import files

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36"


@pytest.fixture
def case_file(world):
    case_file = world.case_file()
    tree.add_filing(
        case_file, title="行政起诉状", filing_type="complaint", files=[("起诉状.pdf", files.text_pdf("行政起诉状"))]
    )
    return case_file


@pytest.fixture
def document(case_file):
    return case_file.documents.get()


def as_user(client, world, name):
    client.force_login(world.user(name))
    return client


def entries():
    return list(
        AccessLogEntry.objects.order_by("pk").values_list("action", "case_file_id", "document_id", "page_number")
    )


def test_each_serving_view_logs_one_entry(client, world, case_file, document):
    as_user(client, world, "officer_land")
    replace_document_file(document, io.BytesIO(files.text_pdf("行政起诉状（修改）")), "起诉状.pdf")
    document.refresh_from_db()
    assert not AccessLogEntry.objects.exists()  # storing a file is not viewing it

    requests = [
        (reverse("casefiles_admin:overview", args=[case_file.pk]), (AccessAction.VIEW_CASE_FILE, None, None)),
        (document.url, (AccessAction.DOWNLOAD, document.pk, None)),
        (
            reverse("casefiles_admin:document_version", args=[document.pk, 1]),
            (AccessAction.DOWNLOAD_VERSION, document.pk, None),
        ),
        (reverse("search_admin:document_page", args=[document.pk, 1]), (AccessAction.VIEW_PAGE, document.pk, 1)),
        (
            reverse("search_admin:document_page_image", args=[document.pk, 1]),
            (AccessAction.PAGE_IMAGE, document.pk, 1),
        ),
    ]
    for url, (action, document_id, page) in requests:
        before = AccessLogEntry.objects.count()
        response = client.get(url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 200, url
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert AccessLogEntry.objects.count() == before + 1, url
        entry = AccessLogEntry.objects.latest("pk")
        assert (entry.action, entry.case_file_id, entry.document_id, entry.page_number) == (
            action,
            case_file.pk,
            document_id,
            page,
        )
        assert entry.user == world.user("officer_land")
        assert entry.ip_address == "10.1.2.3" and entry.user_agent == BROWSER
        assert abs(entry.at - timezone.now()) < datetime.timedelta(minutes=1)


def test_refused_and_forged_requests_are_not_logged(client, world, case_file, document):
    """A request that serves nothing logs nothing: denied, forged or of something that does not exist."""
    as_user(client, world, "officer_market")  # another agency: may not see the case file
    for url in [
        reverse("casefiles_admin:overview", args=[case_file.pk]),
        document.url,
        reverse("search_admin:document_page", args=[document.pk, 1]),
        reverse("search_admin:document_page_image", args=[document.pk, 1]),
        reverse("casefiles_admin:document_version", args=[document.pk, 1]),
        reverse("search_admin:document_page", args=[document.pk + 1000, 1]),  # no such document
    ]:
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(document.url).status_code == 302  # to the login page
    as_user(client, world, "officer_land")
    assert client.get(reverse("search_admin:document_page", args=[document.pk, 99])).status_code == 404
    assert client.get(reverse("wagtaildocs_serve", args=[document.pk, "other.pdf"])).status_code == 404
    assert entries() == []


def test_access_that_has_ended_is_refused_and_not_logged(client, world, case_file):
    from casefiles import access

    with freeze_time("2025-03-03 02:00:00"):
        access.grant(
            case_file,
            access.VIEW,
            user=world.user("officer_market"),
            until=timezone.now() + datetime.timedelta(days=1),
            by=world.user("supervisor"),
        )
        as_user(client, world, "officer_market")
        assert client.get(reverse("casefiles_admin:overview", args=[case_file.pk])).status_code == 200
    with freeze_time("2025-03-05 02:00:00"):
        assert client.get(reverse("casefiles_admin:overview", args=[case_file.pk])).status_code == 404
    assert entries() == [(AccessAction.VIEW_CASE_FILE, case_file.pk, None, None)]


# --- Where the request came from ---------------------------------------------------------


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_the_forwarded_address_is_ignored_without_trusted_proxies(settings):
    settings.ANJUAN_TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_only_a_trusted_proxy_is_believed_and_only_for_what_it_appended(settings):
    settings.ANJUAN_TRUSTED_PROXIES = ["10.0.0.0/8", "192.168.1.1"]
    # The client wrote "6.6.6.6" itself; our proxy appended the address it saw.
    assert client_ip(request_from("10.0.0.5", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    # Two of our proxies in a row.
    assert client_ip(request_from("10.0.0.5", "6.6.6.6, 198.51.100.7, 192.168.1.1")) == "198.51.100.7"
    # A peer that is not our proxy: its header means nothing.
    assert client_ip(request_from("198.51.100.8", "10.0.0.9")) == "198.51.100.8"
    # Garbage in the header: the last address a trusted proxy vouched for.
    assert client_ip(request_from("10.0.0.5", "198.51.100.7, not-an-ip")) == "10.0.0.5"
    assert client_ip(request_from("10.0.0.5")) == "10.0.0.5"
    assert client_ip(request_from("10.0.0.5", "2001:db8::1")) == "2001:db8::1"


def test_a_bad_trusted_proxy_setting_is_refused_with_the_variable_named():
    assert _networks("ANJUAN_TRUSTED_PROXIES", ["10.0.0.0/8", "::1"]) == ["10.0.0.0/8", "::1"]
    with pytest.raises(ImproperlyConfigured, match="ANJUAN_TRUSTED_PROXIES.*proxy.example"):
        _networks("ANJUAN_TRUSTED_PROXIES", ["proxy.example"])


# --- Reading the log -----------------------------------------------------------------------


def log(user, case_file, action=AccessAction.VIEW_CASE_FILE, at=None, **fields):
    return AccessLogEntry.objects.create(
        user=user, case_file=case_file, action=action, at=at or timezone.now(), ip_address="10.0.0.1", **fields
    )


@pytest.fixture
def two_agencies_log(world):
    """Entries on a land bureau case file and on a market bureau case file."""
    land = world.case_file(title="张某诉临江区自然资源和规划局房屋征收决定案")
    market = world.case_file(handling_unit=world.market, title="李某诉临江区市场监督管理局行政处罚案")
    march = timezone.make_aware(datetime.datetime(2025, 3, 10, 9, 0))
    log(world.user("officer_land"), land, at=march)
    log(world.user("head_land"), land, AccessAction.DOWNLOAD, at=march + datetime.timedelta(days=5))
    log(world.user("officer_market"), market, at=march + datetime.timedelta(days=1))
    return land, market


def test_archivists_read_their_fonds_and_supervisors_everything(client, world, two_agencies_log):
    land, market = two_agencies_log
    url = reverse("casefiles_admin:access_log")
    page = as_user(client, world, "archivist_land").get(url)
    assert {entry.case_file_id for entry in page.context["page"]} == {land.pk}
    assert market.title not in page.content.decode()
    page = as_user(client, world, "supervisor").get(url)
    assert {entry.case_file_id for entry in page.context["page"]} == {land.pk, market.pk}
    for name in ("officer_land", "head_land", "evaluator"):
        response = as_user(client, world, name).get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), name


def test_the_log_filters_by_user_case_file_action_and_dates(client, world, two_agencies_log):
    land, market = two_agencies_log
    client = as_user(client, world, "supervisor")
    url = reverse("casefiles_admin:access_log")

    def found(**query):
        return sorted((e.user.username, e.case_file_id) for e in client.get(url, query).context["page"])

    assert found(user="head") == [("head_land", land.pk)]
    assert found(case_file="市场监督") == [("officer_market", market.pk)]
    assert found(case_file=market.case_number) == [("officer_market", market.pk)]
    assert found(action=AccessAction.DOWNLOAD) == [("head_land", land.pk)]
    assert found(date_from="2025-03-11", date_to="2025-03-11") == [("officer_market", market.pk)]
    assert found(date_from="2025-03-10", date_to="2025-03-14") == [
        ("officer_land", land.pk),
        ("officer_market", market.pk),
    ]
    response = client.get(url, {"date_from": "2025-03-12", "date_to": "2025-03-01"})
    assert "截止日期早于起始日期" in response.content.decode() and not response.context["page"].object_list


def test_the_log_is_paginated_and_exports_the_selection_as_csv(client, world, two_agencies_log):
    land, _market = two_agencies_log
    AccessLogEntry.objects.bulk_create(
        AccessLogEntry(user=world.user("officer_land"), case_file=land, action=AccessAction.VIEW_PAGE, page_number=n)
        for n in range(1, 51)
    )
    client = as_user(client, world, "archivist_land")
    url = reverse("casefiles_admin:access_log")
    first = client.get(url)
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 52
    assert len(client.get(url, {"p": 2}).context["page"]) == 2
    response = client.get(url, {"format": "csv", "action": AccessAction.VIEW_PAGE})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["时间", "用户", "登录名", "操作"]
    assert len(rows) == 51 and {row[3] for row in rows[1:]} == {"查看文件页面"}
    assert {row[4] for row in rows[1:]} == {land.case_number}
    # Archivists export only what they may read.
    everything = client.get(url, {"format": "csv"})
    assert "李某诉" not in b"".join(everything.streaming_content).decode("utf-8-sig")


def test_the_log_is_append_only(world, case_file):
    entry = log(world.user("officer_land"), case_file)
    entry.action = AccessAction.DOWNLOAD
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AccessLogEntry.objects.filter(pk=entry.pk).update(action=AccessAction.DOWNLOAD)
    with pytest.raises(AppendOnly):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get().action == AccessAction.VIEW_CASE_FILE


def test_an_entry_outlives_the_user_it_names(world, case_file):
    from django.contrib.auth import get_user_model

    temp = get_user_model().objects.create_user("temp_reader")
    log(temp, case_file)
    temp.delete()
    entry = AccessLogEntry.objects.get()
    assert entry.user_id is not None and entry.case_file_id == case_file.pk
