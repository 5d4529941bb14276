"""Recording who viewed or downloaded case content: one insert per view, called by the views that serve it.

Every view that serves case content calls :func:`record` after it has decided
the user may see it, so the log holds what was served. A refused request (a
forged id, a case file the user may not see, an expired loan) serves nothing
and is not logged: the guard and the views answer it with a 404 before they get
here.

The address is the peer's (``REMOTE_ADDR``). ``X-Forwarded-For`` is read only
when the peer is a proxy listed in ``ANJUAN_TRUSTED_PROXIES``, and then from the
right: the first address not itself a trusted proxy is the client's. A client
can write anything into that header; only what our own proxies appended counts.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

from casefiles.models import AccessAction, AccessLogEntry

__all__ = ["AccessAction", "client_ip", "record"]

USER_AGENT_LENGTH = AccessLogEntry._meta.get_field("user_agent").max_length


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return any(address in network for network in networks)


def client_ip(request):
    """The address the request came from, as far as it can be vouched for (a string, or None)."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = _networks(tuple(getattr(settings, "ANJUAN_TRUSTED_PROXIES", ())))
    if not networks or not _trusted(peer, networks):
        return str(peer)
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop for hop in forwarded.split(",") if hop.strip()]):
        address = _address(hop)
        if address is None:
            break  # garbled: keep the last address a trusted proxy vouched for
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def record(request, action, *, case_file=None, document=None, page_number=None):
    """Log that ``request.user`` was served ``action`` on a case file, a file or one of its pages."""
    case_file_id = getattr(case_file, "pk", case_file)
    if case_file_id is None and document is not None:
        case_file_id = document.case_file_id
    user = request.user if request.user.is_authenticated else None
    return AccessLogEntry.objects.create(
        user=user,
        action=action,
        case_file_id=case_file_id,
        document=document,
        page_number=page_number,
        ip_address=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )
