"""Live dashboards and quizzes: controls wired to the plots in ``plots``.

Each figure is built once, on an ipympl canvas (a widget, so it updates in place in
JupyterLab). A control change recomputes only what it affects, moves the artists with
``set_data`` and redraws just those artists over a cached background (``Blitter``).
Under the plot, a readout says what happened and one line of Python reproduces the
current view. ``base`` holds what every dashboard shares.
"""

from .base import *  # noqa: F401,F403
from .descent import *  # noqa: F401,F403
from .quiz import *  # noqa: F401,F403
from .backprop import *  # noqa: F401,F403
from .loss_fit import *  # noqa: F401,F403
from .chain import *  # noqa: F401,F403
from .training_loop import *  # noqa: F401,F403
from .kinds import *  # noqa: F401,F403
from .revision import *  # noqa: F401,F403
from .practice import *  # noqa: F401,F403
