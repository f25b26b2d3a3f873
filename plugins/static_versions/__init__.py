from .static_versions import *  # noqa: F403
