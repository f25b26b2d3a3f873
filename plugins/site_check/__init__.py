from .site_check import *  # noqa: F403
