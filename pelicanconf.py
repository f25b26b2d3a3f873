"""Pelican settings for developing the archive locally.

Everything the importer and the site need is configured here (and overridden for production in
``publishconf.py``). Every setting is documented in README.md under "Settings"; a test checks it.
"""

# --- Site ---------------------------------------------------------------------------------
SITENAME = "Lưu trữ tin xây dựng Đảng"
SITESUBTITLE = "Kho lưu trữ tin tức chính trị và xây dựng Đảng"
SITEURL = ""
AUTHOR = "Ban biên tập"
DEFAULT_LANG = "vi"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages"]
STATIC_PATHS: list[str] = []
DELETE_OUTPUT_DIRECTORY = False


def newest_first(article) -> tuple:
    """Sort key of the archive's order: newest first; articles of one minute by file path.

    Pelican lists the content folder as a set, whose order changes from run to run; sorting by
    date alone left articles published in the same minute in that order, so two builds of the
    same articles differed (home page, archives, previous/next). Undated drafts go last.
    """
    date = getattr(article, "date", None)
    if date is None:
        return (1, 0.0, article.relative_source_path)
    return (0, -date.timestamp(), article.relative_source_path)


ARTICLE_ORDER_BY = newest_first

# One language: no translations to pair up. (Pelican's pairing by slug filters a list inside a
# loop, 10 s at 20,000 articles; two articles with one slug still stop the build when written.)
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# reStructuredText is not used; disabling its reader also stops docutils warning that it has
# no localisation for "vi".
READERS = {"rst": None}

MARKDOWN = {
    "extension_configs": {
        # Captions and the lead are marked by the importer with `{: .caption }` / `{: .lead }`.
        "markdown.extensions.attr_list": {},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# --- Plugins ------------------------------------------------------------------------------
# An explicit list: without it Pelican loads every installed plugin.
PLUGIN_PATHS = ["plugins"]
PLUGINS: list[str] = [
    "site_check",  # stops the build at once when a setting is wrong (names the setting)
    "site_locale",  # gettext catalog of the theme, Vietnamese dates and alphabetical order
    "taxonomies",  # sources and entities as pages; linear-time index pages and feeds
    "unique_slugs",  # one distinct slug per distinct name (Hà/Hạ, Trường/Trương)
    "related_articles",  # related articles by shared, weighted entities
    "neighbours",  # previous/next article
    "stable_pagination",  # list pages numbered from the oldest: adding an article moves none
    "article_markup",  # figure captions, reading time, JSON-LD
    "static_versions",  # theme CSS/JS linked as file?v=<digest>: no reader keeps a stale copy
    "sitemap",  # official pelican-sitemap package
    "search",  # runs Pagefind over the built site (full-text search, Vietnamese folding)
    "parallel_read",  # a cold build reads its Markdown files in one process per core
    "speedups",  # linear period archives, URLs computed once (Pelican 4.12 costs at 20,000 articles)
    "render_cache",  # incremental builds: pages whose inputs did not change are reused, not rendered
]

# --- Caches -------------------------------------------------------------------------------
# Rebuilds make only the articles whose Markdown file changed (the `generator` layer: each
# article kept as it was made, plugins/speedups/article_cache.py; files checked by content hash
# rather than modification time) and render only the pages whose inputs changed
# (plugins/render_cache, which also drops the content caches when settings change).
# `pelican --ignore-cache` or `invoke rebuild` start from nothing.
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "generator"
CHECK_MODIFIED_METHOD = "md5"
# Uncompressed: compressing 20,000 articles' HTML on every build costs 7 s, the disk 100 MB.
GZIP_CACHE = False
RENDER_CACHE_ENABLED = True

# Pages written from a theme template alone: 404.html and robots.txt come from the theme.
# (The indexes of all tags, sections and authors are written by plugins/taxonomies.)
DIRECT_TEMPLATES = [
    "index",
    "archives",
    "notfound",
    "robots",
    "search",
]
NOTFOUND_SAVE_AS = "404.html"
ROBOTS_SAVE_AS = "robots.txt"
# The search page (plugins/search runs Pagefind; theme/static/js/search.js queries it).
SEARCH_SAVE_AS = "tim-kiem/index.html"
SEARCH_URL = "tim-kiem/"
# One search index per year (plugins/search), merged in the browser: each Pagefind run holds one
# year's articles in memory (6 GB for one index of 20,000 articles), and a rebuild re-indexes
# only the years whose article pages changed.
SEARCH_BUNDLE_PER_YEAR = True
# ... but the newest year by quarter, and its newest quarter by month, where new articles land: a
# daily update indexes its month again (about 300 pages at 20,000 articles), a new month only
# itself, a new quarter its last quarter's months, not the biggest year (3,800 pages, 14 s); a
# year is indexed whole once, when the next one starts.
SEARCH_NEWEST_YEAR_BY_QUARTER = True
# Templates whose article lists are paginated (None: DEFAULT_PAGINATION per page).
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "author": None,
    "source": None,
    "entity": None,
}
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.8, "indexes": 0.5, "pages": 0.3},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    "exclude": ["drafts/", "404.html", "tim-kiem/"],
}

# --- URLs ---------------------------------------------------------------------------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}.html"
DRAFT_URL = "drafts/{slug}.html"
DRAFT_SAVE_AS = "drafts/{slug}.html"
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = "{slug}.html"
CATEGORY_URL = "chuyen-muc/{slug}.html"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}.html"
CATEGORIES_URL = "chuyen-muc/index.html"
CATEGORIES_SAVE_AS = "chuyen-muc/index.html"
TAG_URL = "chu-de/{slug}.html"
TAG_SAVE_AS = "chu-de/{slug}.html"
TAGS_URL = "chu-de/index.html"
TAGS_SAVE_AS = "chu-de/index.html"
AUTHOR_URL = "tac-gia/{slug}.html"
AUTHOR_SAVE_AS = "tac-gia/{slug}.html"
AUTHORS_URL = "tac-gia/index.html"
AUTHORS_SAVE_AS = "tac-gia/index.html"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/index.html"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/index.html"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}.html", "{base_name}/trang-{number}.html"),
)

# --- Feeds -----------------------------------------------------------------------------
# Feed entries need absolute links: locally they point at `invoke serve` (BIND:PORT);
# publishconf.py points them at SITEURL.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/chuyen-muc/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/chuyen-muc/{slug}.rss.xml"
TAG_FEED_ATOM = "feeds/chu-de/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/chu-de/{slug}.rss.xml"
AUTHOR_FEED_ATOM = "feeds/tac-gia/{slug}.atom.xml"
AUTHOR_FEED_RSS = "feeds/tac-gia/{slug}.rss.xml"
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

# --- Slugs --------------------------------------------------------------------------------
# ASCII slugs: "Đảng" -> "dang". Đ/đ are mapped before transliteration.
SLUGIFY_SOURCE = "title"
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[Đđ]", "d"),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]

# --- Importer (read by `invoke import` / `python -m newsarchive import`) -------------------
# Raw article texts and saved pages, as collected.
IMPORT_SOURCE_PATH = "raw"
# Where imported articles go: one folder per year, drafts apart.
IMPORT_OUTPUT_PATH = PATH
# Where the last import report is written.
IMPORT_REPORT_PATH = "import-report.json"
# What each raw file became, so that `invoke import` reads only new or changed ones.
IMPORT_CACHE_PATH = "cache/import-cache.json"
# Worker processes for extraction (0: one per core).
IMPORT_JOBS = 0
# Category of an article whose text, page and folder name none.
IMPORT_DEFAULT_CATEGORY = "Tin tức"
# A hand-written article without a Category line gets the importer's default section. Never its
# folder's name: content is filed by year (content/2019/), and a year is not a section.
DEFAULT_CATEGORY = IMPORT_DEFAULT_CATEGORY
USE_FOLDER_AS_CATEGORY = False
# Agency codes at the start of a lead, as printed "(CT) - ...", and the publication each names.
IMPORT_SOURCE_CODES = {
    "CT": "Báo Cần Thơ",
    "HG": "Báo Hậu Giang",
    "HGO": "Báo Hậu Giang",
    "LĐTĐ": "Báo Lao động Thủ đô",
    "HNM": "Báo Hà Nội Mới",
    "QĐND": "Báo Quân đội nhân dân",
    "ĐCSVN": "Báo điện tử Đảng Cộng sản Việt Nam",
    "TTXVN": "Thông tấn xã Việt Nam",
    "VOV": "Đài Tiếng nói Việt Nam",
    "VTV": "Đài Truyền hình Việt Nam",
    "NDĐT": "Báo Nhân Dân",
    "ND": "Báo Nhân Dân",
    "BNA": "Báo Nghệ An",
    "BTNO": "Báo Tây Ninh",
    "BĐT": "Báo Đấu thầu",
    "ĐN": "Báo Đồng Nai",
    "BDK": "Báo Đắk Lắk",
    "TN": "Báo Thanh Niên",
    "LĐ": "Báo Lao động",
    "PLO": "Báo Pháp Luật TP Hồ Chí Minh",
    "SGGP": "Báo Sài Gòn Giải Phóng",
    "TBTCO": "Thời báo Tài chính Việt Nam",
    "Chinhphu.vn": "Cổng Thông tin điện tử Chính phủ",
    "BQN": "Báo Quảng Ninh",
    "BHG": "Báo Hà Giang",
    "BVP": "Báo Vĩnh Phúc",
    "BPT": "Báo Phú Thọ",
    "BBG": "Báo Bắc Giang",
    "BTV": "Báo Trà Vinh",
    "BAG": "Báo An Giang",
    "KTĐT": "Báo Kinh tế & Đô thị",
}
# Rules that name a section from words of the title or lead when nothing else does:
# (category, [words...]); the first rule with a word found wins.
IMPORT_CATEGORY_RULES = [
    ("Kiểm tra, giám sát", ["kiểm tra, giám sát", "ủy ban kiểm tra", "kỷ luật đảng"]),
    (
        "Tổ chức xây dựng Đảng",
        ["tổ chức cơ sở đảng", "phát triển đảng viên", "công tác cán bộ", "ban tổ chức"],
    ),
    ("Tuyên giáo", ["tuyên giáo", "học tập và làm theo", "tư tưởng, đạo đức"]),
    ("Dân vận", ["dân vận", "dân vận khéo"]),
    ("Hoạt động đoàn thể", ["công đoàn", "đoàn thanh niên", "hội cựu chiến binh", "hội phụ nữ"]),
]
