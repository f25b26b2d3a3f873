from .taxonomies import *  # noqa: F403
