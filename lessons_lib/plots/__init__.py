"""Pure plotting functions: an Axes in, the artists they drew out.

They never create figures, so the same function draws a static figure in a notebook,
a live dashboard in ``widgets`` and a PNG in a test. Each returns the artists it drew,
and an ``update_*`` partner moves them in place, so a dashboard can redraw only what
changed. Colours (``style``): a perceptually uniform colormap (viridis) for surfaces and
the Okabe–Ito colour-blind-safe cycle for lines.
"""

from .curves import *  # noqa: F401,F403
from .style import *  # noqa: F401,F403
from .surface import *  # noqa: F401,F403
from .network import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .kinds import *  # noqa: F401,F403
from .graph import *  # noqa: F401,F403
from .training import *  # noqa: F401,F403
from .revision import *  # noqa: F401,F403
