from .site_locale import *  # noqa: F403
