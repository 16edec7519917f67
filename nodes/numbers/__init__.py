"""Number normalisation for speech: written numbers to the words TTS should say.

- :mod:`.normalizer` — :class:`NumberNormalizer`, the text node;
- :mod:`.policy` — :class:`NumberPolicy`, the readings of ambiguous forms;
- :mod:`.grammar` — rules compiled into one streaming pattern;
- :mod:`.stream` — the engine with its digit-free fast path;
- :mod:`.protected` — tags, URLs and e-mail addresses whose digits stay as written;
- :mod:`.english` — the English rules, one module per class of forms;
- :mod:`.other_languages` — Spanish, French and German through ``num2words``.
"""

from .normalizer import NumberNormalizer
from .policy import NumberPolicy

__all__ = ["NumberNormalizer", "NumberPolicy"]
