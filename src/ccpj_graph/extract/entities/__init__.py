"""Find mentions of reference entities in a paragraph's normalised text.

Why a separate linker: the activity extractor needs, for every paragraph, which countries,
regions, organisations, standards, mandates and tools it names, at which offsets, and how sure
the linker is. Every rule here is exact or pattern-based and says which rule fired; nothing is
fuzzy-guessed. What the reference data does not know is returned as *new* (``known=False``) with
a minted key, never silently mapped to the nearest known entity.

One module per job: ``tokens`` (one pass over a text: tokens, name spans, organisation-like
phrases), ``context`` (which state a national body belongs to), ``cues`` (the compiled
``data/reference/lexicon.toml``), ``countries``, ``regions``, ``organisations``, ``standards``,
``mandates``, ``tools``, and ``linker`` (:func:`find_all`, which analyses each text once and
hands the analysis to every finder).
"""

from __future__ import annotations

from ccpj_graph.extract.entities.countries import find_countries
from ccpj_graph.extract.entities.linker import find_all
from ccpj_graph.extract.entities.mandates import find_mandates
from ccpj_graph.extract.entities.mention import FLAGS, EntityMention
from ccpj_graph.extract.entities.minting import government, government_name
from ccpj_graph.extract.entities.organisations import find_organisations
from ccpj_graph.extract.entities.regions import find_regions
from ccpj_graph.extract.entities.standards import find_standards
from ccpj_graph.extract.entities.tokens import Analysis, analyse
from ccpj_graph.extract.entities.tools import find_tools

__all__ = [
    "FLAGS",
    "Analysis",
    "EntityMention",
    "analyse",
    "find_all",
    "find_countries",
    "find_mandates",
    "find_organisations",
    "find_regions",
    "find_standards",
    "find_tools",
    "government",
    "government_name",
]
