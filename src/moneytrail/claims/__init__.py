"""Article claims: text -> claims (entities, metric, period, stated value) -> checks with evidence.

The pipeline, one module a step: ``text`` (HTML or scraped text to clean sentences), ``numbers``
(stated values and their vagueness), ``periods`` (cycles relative to the article's date),
``extract`` (which sentences make a checkable claim, and of what), ``entities`` (names to FEC ids,
races, networks), ``check`` (the metric -> evaluator table and the verdict rules).
Everything is rule-based so every verdict can say why.
"""
