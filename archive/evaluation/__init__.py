"""Case-file evaluation (案卷评查, 001 第四十六条).

* :mod:`.rubrics`: the rubric data, its versions, and the arithmetic of a score;
* :mod:`.checks`: what the case data decides of an item, with its evidence;
* :mod:`.campaigns`: choosing the files, assigning evaluators, their access;
* :mod:`.scoring`: drafts, submission, reconciliation and the final score;
* :mod:`.results`: per file, per agency and per item, and the exports;
* :mod:`.rectification`: notices to the handling units and their answers.
"""
