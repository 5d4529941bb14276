"""Who may download an archived case file's volume, and who may generate it again."""

import pytest
from django.urls import reverse

from archive.models import Part, Volume, VolumeState
from casefiles.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db

# Those who may view the case file download its volume; everyone else gets 404 (anonymous users log in).
DOWNLOADS = {
    "archivist_land": 200,  # archives it
    "officer_land": 200,  # the handling unit
    "head_land": 200,
    "supervisor": 200,  # the justice bureau sees every case file
    "admin": 200,
    "officer_market": 404,  # another agency
    "evaluator": 404,  # no evaluation campaign gives access to it
    "nobody": 404,
}
# Generating it again is the archivists' (others who see the case file are refused, others get 404).
REGENERATES = {
    "archivist_land": "done",
    "admin": "done",
    "officer_land": "denied",
    "head_land": "denied",
    "supervisor": "denied",
    "officer_market": 404,
    "evaluator": 404,
}


def test_who_may_download_and_regenerate_the_volume(client, world, closed_case, archive_now, subtests):
    case_file = closed_case()
    volume = archive_now(case_file)
    assert volume.state == VolumeState.READY
    for part in Part.values:
        url = reverse("archive_admin:volume_file", args=[case_file.pk, part])
        with volume.file(part).file.open("rb") as stored:
            expected_bytes = stored.read()
        for name, status in DOWNLOADS.items():
            with subtests.test(part=part, user=name):
                client.force_login(world.user(name))
                response = client.get(url)
                assert response.status_code == status
                logged = AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD_VOLUME, user=world.user(name))
                if status == 200:
                    assert b"".join(response.streaming_content) == expected_bytes
                    assert response["Content-Disposition"].startswith("attachment")
                    assert logged.latest("pk").case_file_id == case_file.pk
                else:
                    assert not logged.exists()
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]

    client.force_login(world.user("archivist_land"))
    assert client.get(reverse("archive_admin:volume_file", args=[case_file.pk, "secrets"])).status_code == 404
    assert client.get(reverse("archive_admin:volume_file", args=[999999, "index"])).status_code == 404
    page = client.get(reverse("archive_admin:case_file", args=[case_file.pk])).content.decode()
    assert "卷内目录" in page and "重新生成卷宗" in page
    client.force_login(world.user("head_land"))
    page = client.get(reverse("archive_admin:case_file", args=[case_file.pk])).content.decode()
    assert "卷内目录" in page and "重新生成卷宗" not in page

    url = reverse("archive_admin:regenerate_volume", args=[case_file.pk])
    for name, outcome in REGENERATES.items():
        with subtests.test(regenerate=name):
            before = Volume.objects.get(pk=volume.pk).requested_by
            client.force_login(world.user(name))
            # The generation itself is queued for after the request's transaction; the request is recorded.
            response = client.post(url)
            if outcome == "done":
                assert response.status_code == 302
                assert response["Location"] == reverse("archive_admin:case_file", args=[case_file.pk])
                assert Volume.objects.get(pk=volume.pk).requested_by == world.user(name)
            elif outcome == "denied":
                assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
            else:
                assert response.status_code == 404
            if outcome != "done":
                assert Volume.objects.get(pk=volume.pk).requested_by == before


def test_only_an_archived_case_file_is_regenerated(client, world, closed_case):
    case_file = closed_case()
    client.force_login(world.user("archivist_land"))
    response = client.post(reverse("archive_admin:regenerate_volume", args=[case_file.pk]), follow=True)
    assert "只有已归档的案卷才有卷宗。" in response.content.decode()
    assert not Volume.objects.exists()
