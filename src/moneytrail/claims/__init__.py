"""Article claims: text -> claims (entities, metric, period, stated value) -> checks with evidence.

The pipeline, one module a step: ``text`` (HTML or scraped text to clean sentences), ``numbers``
(stated values and their vagueness, linear in the input), ``periods`` (cycles relative to the
article's date), ``extract`` (which sentences make a checkable claim, of what, about whom),
``people`` and ``committees`` (names over the whole store), ``entities`` (one person, committee,
network or incumbent per name, or why not), ``evidence`` (figures with a status for the claim's
period), ``money`` and ``votes`` (the evaluators), ``check`` (the metric -> evaluator table and the
verdict rules). Everything is rule-based so every verdict can say why.
"""
