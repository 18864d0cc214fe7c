"""One look for every plot: colours and the symbols on the axes."""

__all__ = ["OKABE_ITO", "SURFACE_CMAP", "DIVERGING_CMAP", "PATH_COLOUR"]

# Okabe & Ito (2008): distinguishable under every common colour-vision deficiency.
# Blue, vermilion, bluish green, reddish purple, orange, sky blue, yellow, black.
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
             "#000000"]
#: Perceptually uniform: equal steps in J look like equal steps in colour.
SURFACE_CMAP = "viridis"
#: For signed quantities (a gradient that can be + or −): blue ↔ white ↔ red, colour-blind safe.
DIVERGING_CMAP = "RdBu_r"
PATH_COLOUR = "#D55E00"  # vermilion: stands out on every part of viridis
