"""The small library behind the generators course.

Modules: ``exercises`` (checks, hints and solutions, one module per lesson),
``trace`` (who runs when, as a table and a picture), ``memory`` (measuring),
and the data helpers the lessons on files and pipelines use.
"""
