from .stable_pagination import *  # noqa: F403
