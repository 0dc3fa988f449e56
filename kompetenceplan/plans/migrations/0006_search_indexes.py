"""Indexes for the catalogue search on PostgreSQL (security issue 8; no-op on
SQLite). They are built on exactly the expressions ``plans.selectors`` queries
(``search_document()`` and ``plans_search_vector()`` of it, which is
``to_tsvector('danish', ...)``): a change there
needs a new migration here. ``plans/tests/test_search.py::
test_postgres_search_can_use_the_indexes`` checks that the planner can use them."""

from django.db import migrations

DOCUMENT = (
    "(number || ' ' || title || ' ' || target_group_text || ' ' || background"
    " || ' ' || time_text || ' ' || economy_text || ' ' || status_note"
    " || ' ' || responsible)"
)

# to_tsvector('danish', ...) with its true cost: the built-in's estimate (100)
# makes the planner compute the vector of every row for every word (~0.2 ms a
# row on the demo data) rather than read the index. plpgsql, so that it is not
# inlined (and its cost lost).
FUNCTION = """
CREATE OR REPLACE FUNCTION plans_search_vector(document text) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000
AS $$ BEGIN RETURN to_tsvector('danish'::regconfig, document); END $$
"""

INDEXES = {
    # Danish full text: plans_search_vector(document) @@ plainto_tsquery('danish', word).
    "plans_initiative_search_fts": ("plans_initiative", f"gin (plans_search_vector({DOCUMENT}))"),
    # The stem inside the text: UPPER(document) LIKE UPPER('%stem%') (icontains).
    "plans_initiative_search_trgm": ("plans_initiative", f"gin (UPPER({DOCUMENT}) gin_trgm_ops)"),
    # Trigram word similarity to the title: word <% title.
    "plans_initiative_title_trgm": ("plans_initiative", "gin (title gin_trgm_ops)"),
    # A method's name and a focus area's title (icontains).
    "plans_method_name_trgm": ("plans_method", "gin (UPPER(name::text) gin_trgm_ops)"),
    "plans_focusarea_title_trgm": ("plans_focusarea", "gin (UPPER(title::text) gin_trgm_ops)"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(FUNCTION)
    for name, (table, definition) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS plans_search_vector(text)")


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_method_municipality_required")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
