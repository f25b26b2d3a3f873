from .article_markup import *  # noqa: F403
