from .related_articles import *  # noqa: F403
