"""Production settings: everything of ``pelicanconf.py``, and only what the hosted site changes."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *

# The address the site is served from, without a trailing slash; set it (or ARCHIVE_SITEURL in
# the environment) before publishing, so that feeds, canonical links and the sitemap are absolute.
SITEURL = os.environ.get("ARCHIVE_SITEURL", "https://example.org/luu-tru")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Where `invoke publish` sends the site. Each may also come from the environment of the same name.
PUBLISH_RSYNC_TARGET = os.environ.get("PUBLISH_RSYNC_TARGET", "")
PUBLISH_GITHUB_REMOTE = os.environ.get("PUBLISH_GITHUB_REMOTE", "")
PUBLISH_GITHUB_BRANCH = os.environ.get("PUBLISH_GITHUB_BRANCH", "gh-pages")
PUBLISH_S3_BUCKET = os.environ.get("PUBLISH_S3_BUCKET", "")
PUBLISH_S3_ENDPOINT = os.environ.get("PUBLISH_S3_ENDPOINT", "")
