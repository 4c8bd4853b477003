"""The fetch client's limits at their edges (survivors of `mutate/run.py --target fetch-http`):
a 503 is waited out like a 429, the default size cap is 5 MiB to the byte, and a base URL with
only a user name is refused like one with a password."""
from __future__ import annotations

import pytest

from fgr_server import Behaviour, FgrSite
from functiegebouw.errors import FgrError
from functiegebouw.fetch.http import Client, FetchError, Policy, check_base

PAGE = "/functiegebouw-html/functiegroep/900"


def test_503_is_waited_out_as_retry_after_says():
    waits: list[float] = []
    with FgrSite(Behaviour(limited={PAGE: 2}, limited_status=503, retry_after="4")) as site:
        assert Client(site.url, Policy(delay=0, retries=3), sleep=waits.append).get(site.url + PAGE).status == 200
        assert waits == [4.0, 4.0]
        site.behaviour.limited[PAGE] = 5
        with pytest.raises(FetchError, match="HTTP 503"):
            Client(site.url, Policy(delay=0, retries=1), sleep=waits.append).get(site.url + PAGE)


def test_the_default_size_cap_is_five_mebibytes():
    cap = 5 * 1024 * 1024
    assert Policy().max_bytes == cap
    at_cap, over = b"<html>" + b"x" * (cap - 6), b"<html>" + b"x" * (cap - 5)
    with FgrSite(Behaviour(bodies={PAGE: at_cap})) as site:
        assert len(Client(site.url, Policy(delay=0)).get(site.url + PAGE).body) == cap
        site.behaviour.bodies[PAGE] = over
        with pytest.raises(FetchError, match="more than the cap of 5,242,880"):
            Client(site.url, Policy(delay=0, retries=0)).get(site.url + PAGE)


@pytest.mark.parametrize("base", ["https://user@example.org", "https://:secret@example.org",
                                  "https://user:secret@example.org"])
def test_a_base_url_with_a_user_name_or_password_is_refused(base):
    with pytest.raises(FgrError, match="no user name or password"):
        check_base(base)


def test_five_redirects_are_followed_and_a_sixth_is_refused():
    chain = {f"/r{i}": f"/r{i + 1}" for i in range(6)}
    chain["/r5"] = PAGE  # /r0 -> ... -> /r5 -> the page: six hops from /r0, five from /r1
    with FgrSite(Behaviour(redirects=chain)) as site:
        client = Client(site.url, Policy(delay=0))
        assert client.get(site.url + "/r1").url == site.url + PAGE
        with pytest.raises(FetchError, match="more than 5 redirects"):
            client.get(site.url + "/r0")


def test_a_retry_after_of_five_minutes_is_waited_for_and_longer_is_not():
    waits: list[float] = []
    with FgrSite(Behaviour(limited={PAGE: 1}, retry_after="300")) as site:
        assert Client(site.url, Policy(delay=0), sleep=waits.append).get(site.url + PAGE).status == 200
        assert waits == [300.0]
        site.behaviour.limited[PAGE], site.behaviour.retry_after = 1, "301"
        with pytest.raises(FetchError, match="Retry-After 301 s is more than"):
            Client(site.url, Policy(delay=0), sleep=waits.append).get(site.url + PAGE)
