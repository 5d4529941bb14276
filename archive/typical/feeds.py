"""The library's Atom feed: the latest published typical cases."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

FEED_ITEMS = 30


class TypicalCaseFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, library):
        super().__init__()
        self.library = library

    def title(self):
        return self.library.title

    def subtitle(self):
        return _("The latest typical cases published by the justice bureau")

    def link(self):
        return self.library.url

    def items(self):
        from archive.typical.public_views import published_cases

        return published_cases().descendant_of(self.library).order_by("-first_published_at")[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.get_meta_description()

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.cause, *item.keyword_list()]
