"""Wagtail permission policies that ask :mod:`casefiles.access`.

Wagtail decides page access from GroupPagePermission rows on ancestors, and
document access from collections. For case content both are replaced:

* :class:`CasePagePermissionTester` answers ``page.permissions_for_user`` for
  every page of the case tree from the user's case-file permissions;
* :class:`CasePagePermissionPolicy` (registered for ``Page``) makes every
  listing, chooser, search and API built on the page policy show exactly the
  case pages a user may see, and never lets a GroupPagePermission reach into a
  case library;
* :class:`CaseDocumentPermissionPolicy` (registered for the document model)
  does the same for case documents.
"""

import functools

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Collection, Page, PagePermissionTester
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from casefiles import access
from casefiles.roles import CHANGE, REGISTERING_ROLES, VIEW

# Wagtail page actions a holder of change_casefile may take inside the case file.
CHANGE_ACTIONS = frozenset({"add", "change", "publish", "lock", "unlock"})
# The actions for which Wagtail shows the page explorer.
EXPLORE_ACTIONS = frozenset({"add", "change", "publish", "lock", "unlock", "bulk_delete"})


def page_actions(user, page):
    """The Wagtail page actions ``user`` may take on a page of the case tree."""
    from casefiles.models.pages import CASE_LIBRARY_DEPTH

    if not (user.is_authenticated and user.is_active):
        return set()
    if page.pk is None:
        # A page being created: Wagtail decides with its parent's permissions.
        return set()
    if page.depth == CASE_LIBRARY_DEPTH:
        library = access.library_of_page(page)
        return {"add"} if access.can_register_in(user, library) else set()
    perms = access.perms_for(user, access.case_file_id_of_page(page))
    return set(CHANGE_ACTIONS) if CHANGE in perms else set()


def _unless_sealed(method):
    """A tester method that answers no for the pages of a sealed case file, superusers included."""

    @functools.wraps(method)
    def tester_method(self, *args, **kwargs):
        return not self.sealed and method(self, *args, **kwargs)

    return tester_method


class CasePagePermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        from wagtail.permissions import policy_registry

        from casefiles.models.pages import CASE_FILE_DEPTH

        self.user = user
        self.permission_policy = policy_registry.get(page)
        self.page = page
        self.page_is_root = page.depth == 1
        self.sealed = page.pk is not None and page.depth >= CASE_FILE_DEPTH and access.is_sealed(page)
        if user.is_active and not user.is_superuser:
            self.permissions = page_actions(user, page)

    def can_view(self):
        """May the user see this page (read-only views such as the case-file overview)?"""
        return bool(access.can_view(self.user, self.page))

    def can_copy(self):
        # A copy of a case record would be a second record of the same case (and
        # collide on its case number); its files would not come along.
        return False

    @_unless_sealed
    def can_move(self):
        # Moving a case file changes which agency's library holds it: the
        # supervisors' decision, not a handling unit's.
        return CHANGE in access.global_perms(self.user) and super().can_move()

    # Nothing in a sealed case file changes (casefiles.access.is_sealed).
    can_add_subpage = _unless_sealed(PagePermissionTester.can_add_subpage)
    can_edit = _unless_sealed(PagePermissionTester.can_edit)
    can_delete = _unless_sealed(PagePermissionTester.can_delete)
    can_unpublish = _unless_sealed(PagePermissionTester.can_unpublish)
    can_publish = _unless_sealed(PagePermissionTester.can_publish)
    can_submit_for_moderation = _unless_sealed(PagePermissionTester.can_submit_for_moderation)
    can_set_view_restrictions = _unless_sealed(PagePermissionTester.can_set_view_restrictions)
    can_unschedule = _unless_sealed(PagePermissionTester.can_unschedule)
    can_lock = _unless_sealed(PagePermissionTester.can_lock)
    can_unlock = _unless_sealed(PagePermissionTester.can_unlock)
    can_reorder_children = _unless_sealed(PagePermissionTester.can_reorder_children)
    can_move_to = _unless_sealed(PagePermissionTester.can_move_to)

    @_unless_sealed
    def can_publish_subpage(self):
        from casefiles.models.pages import CASE_LIBRARY_DEPTH

        if self.page.depth == CASE_LIBRARY_DEPTH and self.user.is_active and not self.user.is_superuser:
            # Registering a case file publishes it; the library itself stays theirs to leave alone.
            return "add" in self.permissions
        return super().can_publish_subpage()


def _union(*querysets):
    """Users in any of ``querysets``, as one queryset without combining their SQL."""
    User = get_user_model()
    q = Q(pk__in=[])
    for queryset in querysets:
        q |= Q(pk__in=queryset.values("pk"))
    return User._default_manager.filter(q)


def users_holding_globally(perm):
    """Active users holding ``perm`` on every case file: superusers and supervisors."""
    User = get_user_model()
    codenames = access._codenames_granting(perm)
    by_model_perm = Q(
        groups__permissions__codename__in=codenames, groups__permissions__content_type__app_label="casefiles"
    ) | Q(user_permissions__codename__in=codenames, user_permissions__content_type__app_label="casefiles")
    return User._default_manager.filter(is_active=True).filter(Q(is_superuser=True) | by_model_perm)


def users_holding(perm, case_file_id=None):
    """Active users holding ``perm`` on one case file, or on at least one when no id is given."""
    from casefiles.models import CaseFileGroupGrant, CaseFileUserGrant

    User = get_user_model()
    if perm == CHANGE and case_file_id is not None and access.is_sealed(case_file_id):
        return User._default_manager.none()
    grants = {"permission__codename__in": access._codenames_granting(perm)}
    if case_file_id is not None:
        grants["content_object_id"] = case_file_id
    in_force = access._in_force()
    user_grants = CaseFileUserGrant.objects.filter(in_force, **grants).values("user_id")
    group_grants = CaseFileGroupGrant.objects.filter(in_force, **grants).values("group_id")
    by_grant = User._default_manager.filter(is_active=True).filter(Q(pk__in=user_grants) | Q(groups__in=group_grants))
    return _union(by_grant, users_holding_globally(perm))


class CasePagePermissionPolicy(PagePermissionPolicy):
    """The page policy, with case content decided by :mod:`casefiles.access`."""

    # --- pages outside case libraries keep Wagtail's rules; inside, only ours apply ---

    def _case_pages_for_actions(self, user, actions):
        q = Q(pk__in=[])
        if set(actions) & CHANGE_ACTIONS:
            q |= access.case_pages_q(user, CHANGE)
        if "add" in actions:
            q |= Q(pk__in=access.registering_libraries(user).values("pk"))
        return q

    def _not_case_content(self, queryset):
        return queryset.exclude(access.case_content_q())

    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            # Superusers act on every page but those of sealed case files.
            return base_queryset.exclude(access.sealed_pages_q()) if user.is_active else base_queryset
        wagtail_pages = self._not_case_content(super().instances_user_has_any_permission_for(user, actions))
        return self.model._default_manager.filter(
            Q(pk__in=wagtail_pages.values("pk")) | self._case_pages_for_actions(user, actions)
        )

    def user_has_any_permission(self, user, actions):
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        if super().user_has_any_permission(user, actions):
            return True
        if not (user.is_authenticated and user.is_active):
            return False
        actions = set(actions)
        if actions & EXPLORE_ACTIONS and access.case_files(user, VIEW).exists():
            # Readers of a case file browse it in the explorer, read-only.
            return True
        return "add" in actions and access.registering_libraries(user).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if access.is_case_content(instance) and access.is_sealed(instance):
            return False  # every page action changes the page; superusers included
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        if access.is_case_content(instance):
            return bool(page_actions(user, instance) & set(actions))
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def users_with_any_permission(self, actions, include_superusers=True):
        users = super().users_with_any_permission(actions, include_superusers)
        if set(actions) & CHANGE_ACTIONS:
            holders = users_holding(CHANGE)
            if not include_superusers:
                holders = holders.filter(is_superuser=False)
            users = _union(users, holders)
        return users

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        if not access.is_case_content(instance):
            return super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        User = get_user_model()
        case_file_id = access.case_file_id_of_page(instance)
        if case_file_id is not None and access.is_sealed(case_file_id):
            return User._default_manager.none()
        if case_file_id is None:
            library = access.library_of_page(instance)
            if "add" not in actions:
                users = User._default_manager.none()
            else:
                registering = User._default_manager.filter(
                    is_active=True,
                    agency_memberships__agency_id=library.agency_id,
                    agency_memberships__role__in=REGISTERING_ROLES,
                )
                users = _union(registering, users_holding_globally(CHANGE))
        elif set(actions) & CHANGE_ACTIONS:
            users = users_holding(CHANGE, case_file_id)
        else:
            users = User._default_manager.none()
        if not include_superusers:
            users = users.filter(is_superuser=False)
        return users

    # --- exploring -------------------------------------------------------------------

    def instances_with_direct_explore_permission(self, user):
        pages = super().instances_with_direct_explore_permission(user)
        if user.is_superuser:
            return pages
        pages = [page for page in pages if not access.is_case_content(page)]
        return pages + list(access.visible_libraries(user))

    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        wagtail_pages = self._not_case_content(super().explorable_instances(user))
        libraries = access.visible_libraries(user)
        case_q = access.case_pages_q(user, VIEW) | Q(pk__in=libraries.values("pk"))
        if libraries.exists():
            case_q |= Q(depth=1)
        return self.model._default_manager.filter(Q(pk__in=wagtail_pages.values("pk")) | case_q)


class CaseDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Case documents: who may see or change them is who may see or change their case file.

    Nobody adds a case document through Wagtail's generic upload views: a file
    is always uploaded into a case file (see casefiles.views.documents).
    """

    # The case-file permission each document action needs.
    ACTION_PERMS = {"change": CHANGE, "delete": CHANGE, "choose": VIEW, "view": VIEW}

    def _needed(self, actions):
        return {self.ACTION_PERMS[action] for action in actions if action in self.ACTION_PERMS}

    def _active(self, user):
        return user.is_authenticated and user.is_active

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if not self._active(user):
            return False
        return any(access.case_files(user, perm).exists() for perm in self._needed(actions))

    def users_with_any_permission(self, actions):
        return _union(*(users_holding(perm) for perm in self._needed(actions)))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self._active(user):
            return False
        return any(access.can(user, perm, instance.case_file_id) for perm in self._needed(actions))

    def instances_user_has_any_permission_for(self, user, actions):
        needed = self._needed(actions)
        if not self._active(user) or not needed:
            return self.model._default_manager.none()
        # View is the weaker permission: anyone who may change may also view.
        perm = VIEW if VIEW in needed else CHANGE
        return self.model._default_manager.filter(case_file__in=access.case_files(user, perm))

    def users_with_any_permission_for_instance(self, actions, instance):
        return _union(*(users_holding(perm, instance.case_file_id) for perm in self._needed(actions)))

    def collections_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return Collection.objects.all()
        return Collection.objects.none()

    def collections_user_has_permission_for(self, user, action):
        return self.collections_user_has_any_permission_for(user, {action})


def register():
    """Install the case-aware policies in Wagtail's registry (from AppConfig.ready)."""
    from wagtail.documents import get_document_model
    from wagtail.permissions import register_permission_policy

    register_permission_policy(Page, CasePagePermissionPolicy(Page))
    document_model = get_document_model()
    register_permission_policy(
        document_model,
        CaseDocumentPermissionPolicy(document_model, auth_model=document_model, owner_field_name="uploaded_by_user"),
    )
