from .render_cache import *  # noqa: F403
