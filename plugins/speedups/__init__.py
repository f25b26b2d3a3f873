from .speedups import *  # noqa: F403
