"""Access to case files: the one source of truth.

Who may see or change a case file, and everything under it (its pages, files,
page texts, search hits, exports), is decided here and nowhere else, from:

* django-guardian object permissions on the CaseFile (``CaseFileUserGrant`` and
  ``CaseFileGroupGrant`` rows that have not expired), granted automatically to
  the role groups of the agencies that own, handle or defend the case (see
  :mod:`casefiles.roles`) and by hand through the sharing view;
* model-level permissions ``casefiles.view_casefile`` etc., which supervisors
  of the justice bureau hold: they cover every case file (guardian's
  ``accept_global_perms`` convention);
* superusers, who hold everything.

Anonymous and inactive users hold nothing. Wagtail's own page permissions
(GroupPagePermission) never reach case content: see :mod:`casefiles.policies`.

A sealed (archived) case file is read-only for everyone, superusers included:
CHANGE is never held on it (see :func:`is_sealed` and :func:`refuse_if_sealed`).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone
from guardian.backends import ObjectPermissionBackend

from casefiles.roles import (
    AUTOMATIC_CASEFILE_PERMS,
    CHANGE,
    IMPLIED,
    REGISTERING_ROLES,
    SHARE,
    VIEW,
    Role,
)

CASEFILE_PERMS = (VIEW, CHANGE, SHARE)
_CACHE = "_casefile_access_cache"


def _models():
    from casefiles.models import CaseFile, CaseFileGroupGrant, CaseFileUserGrant

    return CaseFile, CaseFileUserGrant, CaseFileGroupGrant


def _codenames_granting(perm):
    """The codenames whose holders hold ``perm`` (the permission itself and those implying it)."""
    return {perm} | {holder for holder, implied in IMPLIED.items() if perm in implied}


def _in_force(now=None):
    now = now or timezone.now()
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def _cache(user):
    cache = getattr(user, _CACHE, None)
    if cache is None:
        cache = {"perms": {}, "global": None}
        setattr(user, _CACHE, cache)
    return cache


def forget(user):
    """Drop what this request has cached about ``user``'s access (after a grant changes)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def global_perms(user):
    """The case-file permissions ``user`` holds on every case file."""
    if not _active(user):
        return frozenset()
    cache = _cache(user)
    if cache["global"] is None:
        if user.is_superuser:
            held = set(CASEFILE_PERMS)
        else:
            model_perms = user.get_all_permissions()
            held = {perm for perm in CASEFILE_PERMS if f"casefiles.{perm}" in model_perms}
        for perm in list(held):
            held |= IMPLIED.get(perm, set())
        cache["global"] = frozenset(held)
    return cache["global"]


def case_files(user, perm=VIEW):
    """A queryset of the case files on which ``user`` holds ``perm`` (CHANGE: never a sealed one)."""
    CaseFile, UserGrant, GroupGrant = _models()
    if not _active(user):
        return CaseFile.objects.none()
    if perm in global_perms(user):
        return _unless_sealed(CaseFile.objects.all(), perm)
    return CaseFile.objects.filter(pk__in=case_file_ids(user, perm))


def case_file_ids(user, perm=VIEW):
    """A subquery of ids of the case files on which ``user`` holds ``perm`` by object permission."""
    CaseFile, UserGrant, GroupGrant = _models()
    codenames = _codenames_granting(perm)
    now = timezone.now()
    by_user = UserGrant.objects.filter(_in_force(now), user=user, permission__codename__in=codenames).values(
        "content_object_id"
    )
    by_group = GroupGrant.objects.filter(_in_force(now), group__user=user, permission__codename__in=codenames).values(
        "content_object_id"
    )
    return _unless_sealed(CaseFile.objects.filter(Q(pk__in=by_user) | Q(pk__in=by_group)), perm).values("pk")


def can_assign_handling_units(user):
    """May ``user`` designate case files' handling units (supervisors of the justice bureau: 003 第五条)?"""
    return CHANGE in global_perms(user)


def sees_every_case_file(user):
    """May ``user`` view every case file (supervisors, superusers)?"""
    return VIEW in global_perms(user)


def principals(user):
    """The names under which ``user`` may hold object permissions: ``user:<id>`` and ``group:<id>``.

    Indexes that keep a case file's viewers (see :func:`viewers`) match them
    against these.
    """
    if not _active(user):
        return []
    return [f"user:{user.pk}"] + [f"group:{pk}" for pk in user.groups.values_list("pk", flat=True)]


def viewers(case_file_id):
    """Who may view the case file by object permission: a list of (principal, expires_at or None).

    Together with :func:`sees_every_case_file` this is :func:`can` (VIEW)
    written out for an index: a user may view the case file when one of their
    :func:`principals` is listed and not expired.
    """
    CaseFile, UserGrant, GroupGrant = _models()
    codenames = _codenames_granting(VIEW)
    now = timezone.now()
    rows = {}
    for model, kind, holder in ((UserGrant, "user", "user_id"), (GroupGrant, "group", "group_id")):
        grants = model.objects.filter(
            _in_force(now), content_object_id=case_file_id, permission__codename__in=codenames
        )
        for holder_id, expires_at in grants.values_list(holder, "expires_at"):
            principal = f"{kind}:{holder_id}"
            if principal not in rows:
                rows[principal] = expires_at
            elif rows[principal] is None or expires_at is None:
                rows[principal] = None  # one grant without an end is enough
            else:
                rows[principal] = max(rows[principal], expires_at)
    return sorted(rows.items(), key=lambda item: item[0])


def perms_for(user, case_file_id):
    """The set of case-file permissions ``user`` holds on the case file with this id."""
    if not _active(user) or case_file_id is None:
        return frozenset()
    cache = _cache(user)["perms"]
    if case_file_id not in cache:
        held = set(global_perms(user))
        if not held >= set(CASEFILE_PERMS):
            CaseFile, UserGrant, GroupGrant = _models()
            now = timezone.now()
            held |= set(
                UserGrant.objects.filter(_in_force(now), user=user, content_object_id=case_file_id).values_list(
                    "permission__codename", flat=True
                )
            )
            held |= set(
                GroupGrant.objects.filter(_in_force(now), group__user=user, content_object_id=case_file_id).values_list(
                    "permission__codename", flat=True
                )
            )
        for perm in list(held):
            held |= IMPLIED.get(perm, set())
        if CHANGE in held and is_sealed(case_file_id):
            held.discard(CHANGE)
        cache[case_file_id] = frozenset(held & set(CASEFILE_PERMS))
    return cache[case_file_id]


def can(user, perm, case_file):
    """May ``user`` exercise ``perm`` on ``case_file`` (a CaseFile or its id)?"""
    case_file_id = getattr(case_file, "pk", case_file)
    return perm in perms_for(user, case_file_id)


# --- Finding the case file of any piece of case content -------------------------


def case_file_id_of(obj):
    """The id of the case file ``obj`` belongs to, or None when it is not case content.

    ``obj`` may be a page (of any class), a case document, or anything with a
    ``case_file_id`` or a ``document`` attribute (page texts, versions).
    """
    from wagtail.models import Page

    from casefiles.models import CaseDocument

    if obj is None:
        return None
    if isinstance(obj, Page):
        return case_file_id_of_page(obj)
    if isinstance(obj, CaseDocument):
        return obj.case_file_id
    if hasattr(obj, "case_file_id"):
        return obj.case_file_id
    if hasattr(obj, "document"):
        return case_file_id_of(obj.document)
    return None


def _case_file_id(obj):
    """The case file id of ``obj``: a CaseFile, its id, or any case content; None when it is none of these."""
    from casefiles.models import CaseFile

    if obj is None or isinstance(obj, int):
        return obj
    if isinstance(obj, CaseFile):
        return obj.pk
    return case_file_id_of(obj)


def case_file_id_of_page(page):
    from casefiles.models.pages import CASE_FILE_DEPTH

    if page.depth < CASE_FILE_DEPTH:
        return None
    CaseFile, _u, _g = _models()
    prefix = page.path[: CASE_FILE_DEPTH * page.steplen]
    return CaseFile.objects.filter(path=prefix).values_list("pk", flat=True).first()


def library_of_page(page):
    """The CaseLibrary a page is in or is, or None."""
    from casefiles.models import CaseLibrary
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    if page.depth < CASE_LIBRARY_DEPTH:
        return None
    return CaseLibrary.objects.filter(path=page.path[: CASE_LIBRARY_DEPTH * page.steplen]).first()


def is_case_content(page):
    """Is ``page`` a case library or anything under one?"""
    return library_of_page(page) is not None


def can_view(user, obj):
    """May ``user`` see ``obj`` (a page, document or other case content)?

    A case library may be seen by whoever may see one of its case files or may
    register case files in it. Anything that is not case content is not
    decided here (None).
    """
    from wagtail.models import Page

    if isinstance(obj, Page):
        if obj.depth < 2 or not is_case_content(obj):
            return None
        if case_file_id_of_page(obj) is None:
            library = library_of_page(obj)
            return can_register_in(user, library) or visible_libraries(user).filter(pk=library.pk).exists()
    case_file_id = case_file_id_of(obj)
    if case_file_id is None:
        return None
    return can(user, VIEW, case_file_id)


# --- Case libraries --------------------------------------------------------------


def registering_agencies(user):
    """Agencies in whose case library ``user`` may register case files."""
    from casefiles.models import Agency

    if not _active(user):
        return Agency.objects.none()
    if CHANGE in global_perms(user):
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user, memberships__role__in=REGISTERING_ROLES).distinct()


def registering_libraries(user):
    """Case libraries in which ``user`` may register case files."""
    from casefiles.models import CaseLibrary

    return CaseLibrary.objects.filter(agency__in=registering_agencies(user))


def can_register_in(user, library):
    return library is not None and registering_agencies(user).filter(pk=library.agency_id).exists()


def visible_libraries(user):
    """Case libraries ``user`` may browse: those holding a case file they may view, or open to them for registering."""
    from casefiles.models import CaseLibrary
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    if not _active(user):
        return CaseLibrary.objects.none()
    if VIEW in global_perms(user):
        return CaseLibrary.objects.all()
    viewable_paths = (
        case_files(user, VIEW)
        .annotate(library_path=Substr("path", 1, CASE_LIBRARY_DEPTH * CaseLibrary.steplen))
        .values("library_path")
    )
    return CaseLibrary.objects.filter(Q(path__in=viewable_paths) | Q(pk__in=registering_libraries(user).values("pk")))


# --- Statistics and reports -------------------------------------------------------


def statistics_case_files(user):
    """The case files counted in the statistics and reports ``user`` sees: those they may view.

    Supervisors of the justice bureau see every case file, so every agency's
    figures (001 第八条; 003 第四条); others the figures of the case files their
    grants let them view, and nothing else.
    """
    return case_files(user, VIEW)


def statistics_agencies(user):
    """Agencies whose statistics ``user`` may choose: those whose case library holds a case file counted for them.

    Every agency with a case library for those who see every case file.
    """
    from casefiles.models import Agency, CaseLibrary
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    if not _active(user):
        return Agency.objects.none()
    libraries = CaseLibrary.objects.all()
    if VIEW not in global_perms(user):
        counted_paths = (
            statistics_case_files(user)
            .annotate(library_path=Substr("path", 1, CASE_LIBRARY_DEPTH * CaseLibrary.steplen))
            .values("library_path")
        )
        libraries = libraries.filter(path__in=counted_paths)
    return Agency.objects.filter(pk__in=libraries.values("agency_id"))


# --- Archiving ---------------------------------------------------------------------


def archivist_agencies(user):
    """Agencies whose archive ``user`` keeps: those where they are an archivist (every agency for superusers)."""
    from casefiles.models import Agency

    if not _active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return Agency.objects.filter(memberships__user=user, memberships__role=Role.ARCHIVIST).distinct()


def is_archivist(user):
    return archivist_agencies(user).exists()


def archivable_case_files(user):
    """Case files whose archiving ``user`` reviews: those in the libraries of their archivist agencies.

    The library's agency owns the fonds the case file is archived into
    (000 第九条（四）, 004 第二十四条: the agency archives its own case files).
    """
    from casefiles.models import CaseFile, CaseLibrary
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    if not _active(user):
        return CaseFile.objects.none()
    library_paths = CaseLibrary.objects.filter(agency__in=archivist_agencies(user)).values("path")
    return CaseFile.objects.annotate(library_path=Substr("path", 1, CASE_LIBRARY_DEPTH * CaseFile.steplen)).filter(
        library_path__in=library_paths
    )


def can_submit_for_archiving(user, case_file):
    """May ``user`` submit ``case_file`` for archiving? Those who may edit it: the handling unit, supervisors."""
    return can(user, CHANGE, case_file)


def can_review_archiving(user, case_file):
    """May ``user`` review, archive or return ``case_file``? The archivists of the agency owning its library."""
    case_file_id = getattr(case_file, "pk", case_file)
    return archivable_case_files(user).filter(pk=case_file_id).exists()


def can_download_volume(user, case_file):
    """May ``user`` download the volume PDFs of ``case_file``? Whoever may view it (its archivists do)."""
    return can(user, VIEW, case_file)


def can_regenerate_volume(user, case_file):
    """May ``user`` generate ``case_file``'s volume again? The archivists who archive it."""
    return can_review_archiving(user, case_file)


def can_export_archived(user, case_file):
    """May ``user`` export ``case_file`` as a BagIt package? The archivists who archive it."""
    return can_review_archiving(user, case_file)


# --- Borrowing archived case files (借阅) --------------------------------------------


def is_agency_staff(user):
    """Is ``user`` on the staff of an agency (and so may ask to borrow from the archive)?"""
    from casefiles.models import AgencyMembership

    return _active(user) and (user.is_superuser or AgencyMembership.objects.filter(user=user).exists())


def borrowable_case_files(user):
    """Archived case files ``user`` may ask to borrow: any agency's staff, those they may not view already.

    Who views a case file already (the staff of its agencies, supervisors,
    a borrower while the loan lasts) has nothing to borrow.
    """
    from casefiles.models import CaseFile

    if not is_agency_staff(user) or VIEW in global_perms(user):
        return CaseFile.objects.none()
    return CaseFile.objects.filter(status=CaseFile.Status.ARCHIVED).exclude(pk__in=case_file_ids(user, VIEW))


def can_borrow(user, case_file):
    case_file_id = getattr(case_file, "pk", case_file)
    return borrowable_case_files(user).filter(pk=case_file_id).exists()


def can_lend(user, case_file):
    """May ``user`` approve or refuse requests to borrow ``case_file``? The archivists of the agency owning it."""
    return can_review_archiving(user, case_file)


def can_return_borrowing(user, borrowing):
    """May ``user`` end the loan early? The borrower."""
    return _active(user) and borrowing.borrower_id == user.pk


def can_see_borrowing(user, borrowing):
    """May ``user`` see a request to borrow and its steps? The borrower, the lending archivists, supervisors."""
    return can_return_borrowing(user, borrowing) or can_lend(user, borrowing.case_file_id) or sees_every_case_file(user)


def _timed_view_grant(case_file, user, until, *, by, reason, source):
    """A view grant to ``user`` on ``case_file`` that ends by itself at ``until`` (an aware datetime)."""
    from django.utils.translation import gettext as _

    from casefiles.models import CaseFileUserGrant

    if until <= timezone.now():
        raise GrantError(_("The end of the access must be in the future."))
    row = CaseFileUserGrant.objects.create(
        content_object=case_file,
        user=user,
        permission=_permission(VIEW),
        source=source,
        granted_by=by,
        expires_at=until,
        reason=reason[:255],
    )
    _log(case_file, "anjuan.access.grant", by, holder_label(user=user), VIEW, until, reason)
    return row


@transaction.atomic
def lend(case_file, user, until, *, by, reason=""):
    """Let ``user`` view ``case_file`` until ``until`` (an aware datetime); returns the grant, which ends by itself."""
    from casefiles.models import GrantSource

    return _timed_view_grant(case_file, user, until, by=by, reason=reason, source=GrantSource.BORROWING)


@transaction.atomic
def end_grant(grant_row, *, by, reason=""):
    """End a grant with an end before its time (a loan returned, an evaluation withdrawn): it expires now."""
    now = timezone.now()
    if grant_row.expires_at is None or grant_row.expires_at > now:
        grant_row.expires_at = now
        grant_row.save(update_fields=["expires_at"])
    _log(grant_row.content_object, "anjuan.access.revoke", by, holder_label(user=grant_row.user), None, None, reason)


# --- Evaluation campaigns (案卷评查) ----------------------------------------------------


def is_evaluator(user):
    """Is ``user`` an evaluator of an agency (and so may be assigned case files to evaluate)?"""
    from casefiles.models import AgencyMembership

    return _active(user) and AgencyMembership.objects.filter(user=user, role=Role.EVALUATOR).exists()


def can_run_evaluations(user):
    """May ``user`` create and run evaluation campaigns? The justice bureau's supervisors (001 第四十六条)."""
    return sees_every_case_file(user) and CHANGE in global_perms(user)


def can_manage_typical_cases(user):
    """May ``user`` draft, redact, review and publish typical cases? The justice bureau (001 第四十二条)."""
    return can_run_evaluations(user)


# Case files whose case has ended: they may be nominated as typical cases.
CONCLUDED_STATUSES = ("closed", "archived")


# The roles of a handling unit that put its case files forward as typical cases.
NOMINATING_ROLES = (Role.OFFICER, Role.HEAD)


def nominating_units(user):
    """The agencies for whose case files ``user`` nominates typical cases as their handling unit (a queryset of ids)."""
    from casefiles.models import AgencyMembership

    return AgencyMembership.objects.filter(user=user, role__in=NOMINATING_ROLES).values("agency_id")


def can_nominate(user, case_file):
    """May ``user`` nominate ``case_file`` as a typical case (a supervisor, or its handling unit)?"""
    if case_file.status not in CONCLUDED_STATUSES or not can_view(user, case_file):
        return False
    if can_manage_typical_cases(user):
        return True
    return nominating_units(user).filter(agency_id=case_file.handling_unit_id).exists()


def own_agency_ids(user):
    """The agencies ``user`` belongs to (any role): cross-evaluation never gives them these agencies' files."""
    from casefiles.models import AgencyMembership

    return set(AgencyMembership.objects.filter(user=user).values_list("agency_id", flat=True))


def case_file_agency_ids(case_file):
    """The agencies a case file belongs to: the one owning its library, its handling unit, its defendants."""
    library = library_of_page(case_file)
    ids = {case_file.handling_unit_id} | set(
        case_file.parties.filter(role="defendant", agency__isnull=False).values_list("agency_id", flat=True)
    )
    if library is not None:
        ids.add(library.agency_id)
    return ids - {None}


@transaction.atomic
def grant_for_evaluation(case_file, user, until, *, by, reason=""):
    """Let the evaluator ``user`` view ``case_file`` until ``until`` (an aware datetime); returns the grant."""
    from casefiles.models import GrantSource

    return _timed_view_grant(case_file, user, until, by=by, reason=reason, source=GrantSource.EVALUATION)


# --- The access log ------------------------------------------------------------------


def can_read_access_log(user):
    """May ``user`` search the access log? Archivists (of their agencies' case files) and supervisors (all)."""
    return sees_every_case_file(user) or is_archivist(user)


def readable_access_log(user):
    """The access log entries ``user`` may read: every one for supervisors, their fonds' case files for archivists."""
    from casefiles.models import AccessLogEntry

    if sees_every_case_file(user):
        return AccessLogEntry.objects.all()
    if not is_archivist(user):
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(case_file_id__in=archivable_case_files(user).values("pk"))


def can_reopen(user, case_file):
    """May ``user`` reopen an archived case file (with a reason) and seal it again? Its archivists."""
    return can_review_archiving(user, case_file)


def can_view_fixity_reports(user):
    """May ``user`` read the fixity reports of archived files? Archivists and supervisors."""
    return sees_every_case_file(user) or is_archivist(user)


def fixity_case_files(user):
    """The case files whose fixity findings ``user`` reads: all for supervisors, their archive's for archivists."""
    CaseFile, _u, _g = _models()
    if sees_every_case_file(user):
        return CaseFile.objects.all()
    return archivable_case_files(user)


def archive_watchers(case_file):
    """Who is told when the archived files of ``case_file`` fail their fixity check.

    The archivists of the agency whose library holds it (they keep its
    archive: 000 第九条（四）) and the supervisors of the justice bureau, if
    they are active and have an email address.
    """
    from django.contrib.auth import get_user_model

    library = library_of_page(case_file)
    archivists = Q(agency_memberships__role=Role.ARCHIVIST, agency_memberships__agency_id=library.agency_id)
    supervisors = Q(agency_memberships__role=Role.SUPERVISOR)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(archivists | supervisors)
        .distinct()
        .order_by("pk")
    )


# --- Sealed (archived) case files ------------------------------------------------------
#
# An archived case file is sealed: DESIGN.md keeps it immutable, 004 第二十四条 files the
# originals as they are. Nobody, superusers included, may change the case file, its pages
# or its files while it is sealed; an archivist may reopen it with a reason
# (archive.workflow.reopen), and sealing it again records it anew. Reads are unaffected.
# perms_for() leaves CHANGE out for a sealed case file; refuse_if_sealed() is the check
# every write path makes against the database, whatever a request has cached.


class Sealed(PermissionDenied):
    """A change to a sealed case file, refused; ``message`` says so to the user."""

    def __init__(self, case_file_id):
        self.case_file_id = case_file_id
        super().__init__(self.message)

    @property
    def message(self):
        from django.utils.translation import gettext as _

        CaseFile, _u, _g = _models()
        title = CaseFile.objects.filter(pk=self.case_file_id).values_list("title", flat=True).first() or ""
        return _(
            "“%(title)s” is archived and sealed: nobody may edit, upload, replace, delete, move or unpublish "
            "its pages and files. To correct it, an archivist must reopen it, giving the reason."
        ) % {"title": title}


def sealed_case_file_ids():
    """A subquery of the ids of the sealed case files: archived, and not reopened since."""
    from archive.models import ArchivingSubmission, State

    return ArchivingSubmission.objects.filter(state=State.ARCHIVED).values("case_file_id")


def _unless_sealed(queryset, perm):
    return queryset.exclude(pk__in=sealed_case_file_ids()) if perm == CHANGE else queryset


def is_sealed(obj):
    """Is ``obj`` (a case file, its id, or a page or file in one) in a sealed case file? Asks the database."""
    from wagtail.models import Page

    from casefiles.models import CaseFile
    from casefiles.models.pages import CASE_FILE_DEPTH

    if isinstance(obj, Page) and not isinstance(obj, CaseFile):
        # One query: the case file is the page's ancestor at CASE_FILE_DEPTH.
        if not obj.path or (obj.depth or 0) < CASE_FILE_DEPTH:
            return False
        prefix = obj.path[: CASE_FILE_DEPTH * obj.steplen]
        return sealed_case_file_ids().filter(case_file__path=prefix).exists()
    case_file_id = _case_file_id(obj)
    return case_file_id is not None and sealed_case_file_ids().filter(case_file_id=case_file_id).exists()


def refuse_if_sealed(obj):
    """Raise :class:`Sealed` when ``obj`` is in a sealed case file."""
    if obj is not None and is_sealed(obj):
        raise Sealed(_case_file_id(obj))


def sealed_pages_q():
    """A Q on Page selecting every page inside a sealed case file."""
    from wagtail.models import Page

    from casefiles.models import CaseFile
    from casefiles.models.pages import CASE_FILE_DEPTH

    paths = CaseFile.objects.filter(pk__in=sealed_case_file_ids()).values("path")
    return Q(depth__gte=CASE_FILE_DEPTH) & Q(
        pk__in=Page.objects.annotate(case_path=Substr("path", 1, CASE_FILE_DEPTH * Page.steplen))
        .filter(depth__gte=CASE_FILE_DEPTH, case_path__in=paths)
        .values("pk")
    )


# --- Pages in bulk ----------------------------------------------------------------


def case_pages_q(user, perm=VIEW):
    """A Q on Page selecting every page inside a case file on which ``user`` holds ``perm``."""
    from wagtail.models import Page

    from casefiles.models.pages import CASE_FILE_DEPTH

    if not _active(user):
        return Q(pk__in=[])
    paths = case_files(user, perm).values("path")
    return Q(depth__gte=CASE_FILE_DEPTH) & Q(
        pk__in=Page.objects.annotate(case_path=Substr("path", 1, CASE_FILE_DEPTH * Page.steplen))
        .filter(depth__gte=CASE_FILE_DEPTH, case_path__in=paths)
        .values("pk")
    )


def case_content_q():
    """A Q on Page selecting case libraries and everything inside them."""
    from wagtail.models import Page

    from casefiles.models import CaseLibrary
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    library_paths = CaseLibrary.objects.values("path")
    return Q(
        pk__in=Page.objects.annotate(library_path=Substr("path", 1, CASE_LIBRARY_DEPTH * Page.steplen))
        .filter(depth__gte=CASE_LIBRARY_DEPTH, library_path__in=library_paths)
        .values("pk")
    )


# --- Automatic and manual grants ----------------------------------------------------


def _permission(codename):
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="casefiles", codename=codename)


def automatic_grants(case_file):
    """{(group id, codename): source} the agencies of ``case_file`` should hold by rule."""
    from casefiles.models import GrantSource

    agencies = [(case_file.handling_unit, GrantSource.HANDLING_UNIT)]
    agencies += [(agency, GrantSource.DEFENDANT) for agency in case_file.defendant_agencies]
    library = case_file.get_parent().specific if case_file.depth > 1 else None
    if library is not None and hasattr(library, "agency"):
        agencies.append((library.agency, GrantSource.LIBRARY))
    wanted = {}
    for agency, source in agencies:
        if agency is None:
            continue
        for role, perms in AUTOMATIC_CASEFILE_PERMS.items():
            for perm in perms:
                wanted.setdefault((agency.role_group(role).pk, perm), source)
    return wanted


@transaction.atomic
def sync_automatic_grants(case_file):
    """Grant the case file's agencies what the rules give them, and take back what they no longer have."""
    from casefiles.models import CaseFileGroupGrant, GrantSource

    if case_file.pk is None:
        return
    wanted = automatic_grants(case_file)
    existing = {
        (row.group_id, row.permission.codename): row
        for row in CaseFileGroupGrant.objects.filter(content_object=case_file).select_related("permission")
    }
    automatic = set(GrantSource.automatic())
    for key, row in existing.items():
        if row.source in automatic and key not in wanted:
            row.delete()
        elif row.source in automatic and row.source != wanted[key]:
            row.source = wanted[key]
            row.save(update_fields=["source"])
    permissions = {}
    for (group_id, codename), source in wanted.items():
        if (group_id, codename) not in existing:
            if codename not in permissions:
                permissions[codename] = _permission(codename)
            CaseFileGroupGrant.objects.create(
                content_object=case_file, group_id=group_id, permission=permissions[codename], source=source
            )


class GrantError(Exception):
    """A grant or revoke that cannot be made; its message is for the user."""


@transaction.atomic
def grant(case_file, level, *, user=None, group=None, until=None, by=None, reason=""):
    """Grant ``level`` (VIEW or CHANGE) on ``case_file`` to a user or a group, optionally until a time."""
    from django.utils.translation import gettext as _

    from casefiles.models import CaseFileGroupGrant, CaseFileUserGrant, GrantSource

    if (user is None) == (group is None):
        raise GrantError(_("Choose either a user or a group."))
    if level not in (VIEW, CHANGE):
        raise GrantError(_("Choose the access to grant."))
    if until is not None and until <= timezone.now():
        raise GrantError(_("The end of the access must be in the future."))
    model, holder = (CaseFileUserGrant, {"user": user}) if user else (CaseFileGroupGrant, {"group": group})
    # Granting edit on top of view, or view instead of edit, replaces the manual grant.
    manual = model.objects.filter(content_object=case_file, source=GrantSource.MANUAL, **holder)
    automatic = model.objects.filter(
        content_object=case_file, permission__codename=level, source__in=GrantSource.automatic(), **holder
    )
    if automatic.filter(_in_force()).exists():
        raise GrantError(_("This access is already held by rule, through the agency's role."))
    manual.delete()
    row = model.objects.create(
        content_object=case_file,
        permission=_permission(level),
        source=GrantSource.MANUAL,
        granted_by=by,
        expires_at=until,
        reason=reason,
        **holder,
    )
    _log(case_file, "anjuan.access.grant", by, holder_label(user=user, group=group), level, until, reason)
    return row


@transaction.atomic
def revoke(case_file, *, user=None, group=None, by=None, reason=""):
    """Revoke every manual grant of ``case_file`` held by a user or group."""
    from django.utils.translation import gettext as _

    from casefiles.models import CaseFileGroupGrant, CaseFileUserGrant, GrantSource

    model, holder = (CaseFileUserGrant, {"user": user}) if user else (CaseFileGroupGrant, {"group": group})
    rows = model.objects.filter(content_object=case_file, **holder)
    if not rows.filter(source=GrantSource.MANUAL).exists():
        if rows.filter(source__in=GrantSource.automatic()).exists():
            raise GrantError(
                _("This access is held by rule; change the case file's handling unit or parties to change it.")
            )
        raise GrantError(_("There is no such access to revoke."))
    rows.filter(source=GrantSource.MANUAL).delete()
    _log(case_file, "anjuan.access.revoke", by, holder_label(user=user, group=group), None, None, reason)


def purge_expired(now=None):
    """Delete grants whose time is up; returns how many. Reads already ignore them."""
    from casefiles.models import CaseFileGroupGrant, CaseFileUserGrant

    now = now or timezone.now()
    deleted = 0
    for model in (CaseFileUserGrant, CaseFileGroupGrant):
        deleted += model.objects.filter(expires_at__lte=now).delete()[0]
    return deleted


def holder_label(*, user=None, group=None):
    if user is not None:
        full_name = user.get_full_name()
        return f"{full_name} ({user.get_username()})" if full_name else user.get_username()
    link = getattr(group, "agency_role", None)
    if link is not None:
        return f"{link.agency.name} · {Role(link.role).label}"
    return group.name


def _log(case_file, action, by, holder, level, until, reason):
    from wagtail.log_actions import log

    log(
        instance=case_file,
        action=action,
        user=by,
        data={
            "holder": holder,
            "level": level,
            "until": until.isoformat() if until else None,
            "reason": reason,
        },
    )


def holders(case_file):
    """Everyone holding access to ``case_file``, for the sharing view.

    Returns rows of dicts: holder (User or Group), label, level (VIEW or CHANGE),
    source, until, granted_by, granted_at, reason, in_force.
    """
    from casefiles.models import CaseFileGroupGrant, CaseFileUserGrant

    now = timezone.now()
    rows = {}
    for model, kind in ((CaseFileUserGrant, "user"), (CaseFileGroupGrant, "group")):
        related = [kind, "permission", "granted_by"]
        if kind == "group":
            related += ["group__agency_role__agency"]
        for grant_row in model.objects.filter(content_object=case_file).select_related(*related):
            holder = getattr(grant_row, kind)
            key = (kind, holder.pk, grant_row.source)
            row = rows.setdefault(
                key,
                {
                    "kind": kind,
                    "holder": holder,
                    "label": holder_label(**{kind: holder}),
                    "perms": set(),
                    "source": grant_row.source,
                    "source_label": grant_row.get_source_display(),
                    "until": grant_row.expires_at,
                    "granted_by": grant_row.granted_by,
                    "granted_at": grant_row.granted_at,
                    "reason": grant_row.reason,
                    "in_force": grant_row.expires_at is None or grant_row.expires_at > now,
                },
            )
            row["perms"].add(grant_row.permission.codename)
    result = []
    for row in rows.values():
        row["level"] = CHANGE if CHANGE in row["perms"] else VIEW
        result.append(row)
    result.sort(key=lambda r: (r["source"] != "manual", r["kind"], r["label"]))
    return result


def global_holders():
    """Groups holding case-file permissions over every case file (supervisors)."""
    return Group.objects.filter(
        permissions__content_type__app_label="casefiles", permissions__codename=VIEW
    ).select_related("agency_role__agency")


class CaseFileAccessBackend(ObjectPermissionBackend):
    """``user.has_perm(perm, obj)`` for case content, answered by this module.

    Subclasses guardian's backend so that any other guarded model still gets
    guardian's own answer.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None:
            return False
        case_file_id = case_file_id_of(obj)
        if case_file_id is not None:
            codename = perm.split(".", 1)[-1]
            if codename in CASEFILE_PERMS:
                return can(user_obj, codename, case_file_id)
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_all_permissions(self, user_obj, obj=None):
        if obj is None:
            return set()
        case_file_id = case_file_id_of(obj)
        if case_file_id is not None:
            return {f"casefiles.{perm}" for perm in perms_for(user_obj, case_file_id)}
        return super().get_all_permissions(user_obj, obj)


__all__ = [
    "CHANGE",
    "SHARE",
    "VIEW",
    "Sealed",
    "can",
    "can_view",
    "case_file_id_of",
    "case_files",
    "grant",
    "holders",
    "is_sealed",
    "models",
    "perms_for",
    "refuse_if_sealed",
    "revoke",
]
