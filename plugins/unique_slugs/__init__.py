from .unique_slugs import *  # noqa: F403
